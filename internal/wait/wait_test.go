package wait

import (
	"context"
	"crypto/x509"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

var classes = jobstatus.Classes{Success: []string{"Finished"}, Failure: []string{"Error", "Timeout"}}

type fakeJob struct{ status, log string }

// script answers each poll with the next step; errors are steps too.
func script(steps ...any) (func(context.Context) (fakeJob, error), *int) {
	polls := 0
	return func(context.Context) (fakeJob, error) {
		step := steps[min(polls, len(steps)-1)]
		polls++
		if err, ok := step.(error); ok {
			return fakeJob{}, err
		}
		return step.(fakeJob), nil
	}, &polls
}

func job(poll func(context.Context) (fakeJob, error), failOnError bool) Job[fakeJob] {
	return Job[fakeJob]{
		Subject: "CSE engine job 7", Poll: poll, Classes: classes, Interval: 5 * time.Millisecond, FailOnError: failOnError,
		Status: func(j fakeJob) string { return j.status },
		Reason: func(j fakeJob) string { return j.log },
	}
}

func TestSucceedsOnNthPoll(t *testing.T) {
	poll, polls := script(fakeJob{status: "Init"}, fakeJob{status: "Executing"}, fakeJob{status: "Finished"})
	got, err := Until(context.Background(), job(poll, true))
	if err != nil || got.status != "Finished" || *polls != 3 {
		t.Fatalf("%+v after %d polls: %v", got, *polls, err)
	}
}

func TestFirstPollIsImmediate(t *testing.T) {
	poll, _ := script(fakeJob{status: "Finished"})
	j := job(poll, true)
	j.Interval = time.Hour
	start := time.Now()
	if _, err := Until(context.Background(), j); err != nil || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("took %s: %v", time.Since(start), err)
	}
}

func TestFailureNamesJobStatusAndReason(t *testing.T) {
	poll, _ := script(fakeJob{status: "Executing"}, fakeJob{status: "Error", log: "quota exceeded"})
	_, err := Until(context.Background(), job(poll, true))
	var failed *FailedError
	if !errors.As(err, &failed) || err.Error() != "CSE engine job 7 ended with status Error: quota exceeded" {
		t.Fatalf("got %v", err)
	}
}

func TestFailureWithoutFailOnErrorReturnsTheJob(t *testing.T) {
	poll, _ := script(fakeJob{status: "Timeout", log: "slow"})
	got, err := Until(context.Background(), job(poll, false))
	if err != nil || got.status != "Timeout" {
		t.Fatalf("%+v: %v", got, err)
	}
}

func TestTimeoutNamesLastStatus(t *testing.T) {
	poll, polls := script(fakeJob{status: "Executing"})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	_, err := Until(ctx, job(poll, true))
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %T %v", err, err)
	}
	if !strings.Contains(err.Error(), "CSE engine job 7 did not finish within") || !strings.Contains(err.Error(), "its last status was Executing") || *polls < 2 {
		t.Fatalf("got %q after %d polls", err, *polls)
	}
}

func TestCancelEndsWaitAtOnce(t *testing.T) {
	poll, _ := script(fakeJob{status: "Executing"})
	j := job(poll, true)
	j.Interval = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := Until(ctx, j)
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("after %s: %v", time.Since(start), err)
	}
}

func TestTransientErrorsDoNotEndTheWait(t *testing.T) {
	busy := &client.APIError{Call: client.Call{Service: client.CSE, Status: 503}}
	poll, polls := script(fakeJob{status: "Init"}, busy, &client.DecodeError{Err: errors.New("truncated")}, fakeJob{status: "Finished"})
	got, err := Until(context.Background(), job(poll, true))
	if err != nil || got.status != "Finished" || *polls != 4 {
		t.Fatalf("%+v after %d polls: %v", got, *polls, err)
	}
}

func TestPermanentErrorsEndTheWait(t *testing.T) {
	notFound := &client.APIError{Call: client.Call{Service: client.CSE, Status: 404}}
	poll, polls := script(fakeJob{status: "Init"}, notFound, fakeJob{status: "Finished"})
	_, err := Until(context.Background(), job(poll, true))
	if !errors.Is(err, notFound) || *polls != 2 {
		t.Fatalf("after %d polls: %v", *polls, err)
	}
}

// Which failed polls a wait survives: those a later poll may not see.
func TestTransient(t *testing.T) {
	call := client.Call{Service: client.CSE, Method: "GET", Path: "/v2/p/jobs/1"}
	answerTimeout := &url.Error{Op: "Get", URL: "https://cse", Err: fakeTimeout{}}
	untrusted := &url.Error{Op: "Get", URL: "https://cse", Err: x509.UnknownAuthorityError{}}
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"throttled", &client.APIError{Call: withStatus(call, 429)}, true},
		{"server error", &client.APIError{Call: withStatus(call, 503)}, true},
		{"bad request", &client.APIError{Call: withStatus(call, 400)}, false},
		{"not found", &client.APIError{Call: withStatus(call, 404)}, false},
		{"broken body", &client.DecodeError{Call: call, Err: errors.New("unexpected end of JSON input")}, true},
		{"no answer in time", &client.TransportError{Call: call, Err: answerTimeout}, true},
		{"untrusted certificate", &client.TransportError{Call: call, Err: untrusted}, false},
		{"cancelled", &client.TransportError{Call: call, Err: context.Canceled}, false},
		{"read timeout", &client.TransportError{Call: call, Err: context.DeadlineExceeded}, false},
		{"configuration", &client.ConfigError{Argument: "region", Detail: "no region"}, false},
	} {
		if got := Transient(tt.err); got != tt.want {
			t.Errorf("%s: Transient = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func withStatus(c client.Call, status int) client.Call { c.Status = status; return c }

// fakeTimeout is what net/http returns when no answer came in time.
type fakeTimeout struct{}

func (fakeTimeout) Error() string   { return "timeout awaiting response headers" }
func (fakeTimeout) Timeout() bool   { return true }
func (fakeTimeout) Temporary() bool { return true }
