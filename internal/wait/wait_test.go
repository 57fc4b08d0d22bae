package wait

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// No test here reads the wall clock: the loop runs on a fake clock, and the
// tests assert what happened, in order, and how often.

var classes = jobstatus.Classes{Success: []string{"Finished"}, Failure: []string{"Error", "Timeout"}}

const interval = 5 * time.Second

type fakeJob struct{ id, status, log string }

// waitRun is one wait on the fake clock: what it did, in order ("poll 1",
// "wait 5s", ...).
type waitRun struct {
	events []string
	polls  int
	now    time.Time
	// stallAt makes the nth wait never end, after calling onStall (which
	// cancels or expires the context).
	stallAt int
	onStall func()
	waits   int
}

// after is the fake time.After: it advances the clock at once.
func (r *waitRun) after(d time.Duration) <-chan time.Time {
	r.waits++
	r.events = append(r.events, "wait "+d.String())
	if r.waits == r.stallAt {
		r.onStall()
		return nil // never fires
	}
	r.now = r.now.Add(d)
	c := make(chan time.Time, 1)
	c <- r.now
	return c
}

// script answers each poll with the next step, the last one again and again;
// errors are steps too.
func script[T any](r *waitRun, steps ...any) func(context.Context) (T, error) {
	return func(context.Context) (T, error) {
		step := steps[min(r.polls, len(steps)-1)]
		r.polls++
		r.events = append(r.events, fmt.Sprintf("poll %d", r.polls))
		if err, ok := step.(error); ok {
			var zero T
			return zero, err
		}
		return step.(T), nil
	}
}

func (r *waitRun) single(failOnError bool, steps ...any) Job[fakeJob] {
	j := Single(SingleJob[fakeJob]{
		Subject: "CSE engine job 7", Service: client.CSE, Poll: script[fakeJob](r, steps...), Classes: classes,
		Status: func(j fakeJob) string { return j.status },
		Reason: func(j fakeJob) string { return j.log },
	})
	return r.clock(j, failOnError)
}

func (r *waitRun) clock(j Job[fakeJob], failOnError bool) Job[fakeJob] {
	j.Interval, j.FailOnError = interval, failOnError
	j.After, j.Now = r.after, func() time.Time { return r.now }
	return j
}

func (r *waitRun) wantEvents(t *testing.T, want ...string) {
	t.Helper()
	if !slices.Equal(r.events, want) {
		t.Errorf("events %q, want %q", r.events, want)
	}
}

func TestSucceedsOnNthPollFirstPollAtOnce(t *testing.T) {
	r := &waitRun{}
	got, err := Until(context.Background(), r.single(true, fakeJob{status: "Init"}, fakeJob{status: "Executing"}, fakeJob{status: "Finished"}))
	if err != nil || got.status != "Finished" {
		t.Fatalf("%+v: %v", got, err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3")
}

func TestFailureNamesJobStatusAndReason(t *testing.T) {
	r := &waitRun{}
	_, err := Until(context.Background(), r.single(true, fakeJob{status: "Executing"}, fakeJob{status: "Error", log: "quota exceeded"}))
	var failed *FailedError
	if !errors.As(err, &failed) || err.Error() != "CSE engine job 7 ended with status Error: quota exceeded" {
		t.Fatalf("got %v", err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2")
}

// A single job is the job waited for: failed before the wait began, it still
// fails it.
func TestSingleJobFailedBeforeTheWait(t *testing.T) {
	r := &waitRun{}
	_, err := Until(context.Background(), r.single(true, fakeJob{status: "Timeout"}))
	if err == nil || err.Error() != "CSE engine job 7 ended with status Timeout: the API gave no reason" {
		t.Fatalf("got %v", err)
	}
}

func TestFailureWithoutFailOnErrorReturnsTheJob(t *testing.T) {
	r := &waitRun{}
	got, err := Until(context.Background(), r.single(false, fakeJob{status: "Timeout", log: "slow"}))
	if err != nil || got.status != "Timeout" {
		t.Fatalf("%+v: %v", got, err)
	}
}

// expiringContext is a context whose deadline passes when expire is called.
type expiringContext struct {
	context.Context
	done chan struct{}
}

func newExpiringContext() *expiringContext {
	return &expiringContext{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiringContext) expire()                     { close(c.done) }
func (c *expiringContext) Done() <-chan struct{}       { return c.done }
func (c *expiringContext) Deadline() (time.Time, bool) { return time.Time{}, true }
func (c *expiringContext) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func TestTimeoutNamesLastStatus(t *testing.T) {
	ctx := newExpiringContext()
	r := &waitRun{stallAt: 3, onStall: ctx.expire}
	_, err := Until(ctx, r.single(true, fakeJob{status: "Init"}, fakeJob{status: "Executing"}))
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %T %v", err, err)
	}
	want := "CSE engine job 7 did not finish within 10s (3 polls); its last status was Executing. Raise timeouts.read if the job needs longer."
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3", "wait 5s")
}

func TestTimeoutNamesTheLastFailedPoll(t *testing.T) {
	ctx := newExpiringContext()
	r := &waitRun{stallAt: 2, onStall: ctx.expire}
	busy := &client.APIError{Call: client.Call{Service: client.CSE, Method: "GET", Path: "/jobs/7", Status: 503}}
	_, err := Until(ctx, r.single(true, fakeJob{status: "Executing"}, busy))
	want := "CSE engine job 7 did not finish within 5s (2 polls); its last status was Executing; " +
		"the last poll failed: CSE GET /jobs/7: HTTP 503 Service Unavailable. Raise timeouts.read if the job needs longer."
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestCancelEndsWaitAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &waitRun{stallAt: 1, onStall: cancel}
	_, err := Until(ctx, r.single(true, fakeJob{status: "Executing"}))
	if !errors.Is(err, context.Canceled) || err.Error() != "waiting for CSE engine job 7 was cancelled: context canceled" {
		t.Fatalf("got %v", err)
	}
	r.wantEvents(t, "poll 1", "wait 5s")
}

// Failures that a later poll may not see, after a first poll that worked.
func transientFailures() map[string]error {
	call := client.Call{Service: client.CSE, Method: "GET", Path: "/jobs/7"}
	status := func(s int) error { c := call; c.Status = s; return &client.APIError{Call: c} }
	return map[string]error{
		"request timeout": status(408),
		"throttled":       status(429),
		"server error":    status(500),
		"unavailable":     status(503),
		"reset":           &client.TransportError{Call: call, Err: &url.Error{Op: "Get", Err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}},
		"refused":         &client.TransportError{Call: call, Err: &url.Error{Op: "Get", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}},
		"body cut short":  &client.TransportError{Call: call, Err: fmt.Errorf("reading the response: %w", io.ErrUnexpectedEOF)},
		"no answer":       &client.TransportError{Call: call, Err: &url.Error{Op: "Get", Err: answerTimeout{}}},
	}
}

// Failures that every later poll would see again.
func hopelessFailures() map[string]error {
	call := client.Call{Service: client.CSE, Method: "GET", Path: "/jobs/7", Status: 200}
	status := func(s int) error { c := call; c.Status = s; return &client.APIError{Call: c} }
	notJSON := json.Unmarshal([]byte("<html>"), &map[string]any{})
	rejected := json.Unmarshal([]byte(`{"status":{}}`), &struct{ Status *string }{})
	return map[string]error{
		"bad request":           status(400),
		"credentials refused":   status(401),
		"forbidden":             status(403),
		"not found":             status(404),
		"unknown host":          &client.TransportError{Call: call, Err: &url.Error{Op: "Get", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "nonexistent.invalid", IsNotFound: true}}}},
		"untrusted certificate": &client.TransportError{Call: call, Err: &url.Error{Op: "Get", Err: x509.UnknownAuthorityError{}}},
		"not the API's JSON":    &client.DecodeError{Call: call, Err: notJSON},
		"value rejected":        &client.DecodeError{Call: call, Err: rejected},
	}
}

func TestTransientFailuresDoNotEndTheWait(t *testing.T) {
	for name, failure := range transientFailures() {
		t.Run(name, func(t *testing.T) {
			r := &waitRun{}
			got, err := Until(context.Background(), r.single(true, fakeJob{status: "Init"}, failure, failure, fakeJob{status: "Finished"}))
			if err != nil || got.status != "Finished" {
				t.Fatalf("%+v: %v", got, err)
			}
			r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3", "wait 5s", "poll 4")
		})
	}
}

func TestHopelessFailuresEndTheWaitAtOnce(t *testing.T) {
	for name, failure := range hopelessFailures() {
		t.Run(name, func(t *testing.T) {
			r := &waitRun{}
			_, err := Until(context.Background(), r.single(true, fakeJob{status: "Init"}, failure, fakeJob{status: "Finished"}))
			if err != failure {
				t.Fatalf("got %v, want the failure as it is", err)
			}
			r.wantEvents(t, "poll 1", "wait 5s", "poll 2")
		})
	}
}

// A wait never starts on an endpoint, job or credential that does not work:
// the first poll must succeed, whatever its failure.
func TestFirstPollMustSucceed(t *testing.T) {
	failures := transientFailures()
	for name, err := range hopelessFailures() {
		failures[name] = err
	}
	for name, failure := range failures {
		t.Run(name, func(t *testing.T) {
			r := &waitRun{}
			_, err := Until(context.Background(), r.single(true, failure, fakeJob{status: "Finished"}))
			if err != failure {
				t.Fatalf("got %v, want the failure as it is", err)
			}
			r.wantEvents(t, "poll 1")
		})
	}
}

// answerTimeout is what net/http returns when no answer came in time.
type answerTimeout struct{}

func (answerTimeout) Error() string   { return "timeout awaiting response headers" }
func (answerTimeout) Timeout() bool   { return true }
func (answerTimeout) Temporary() bool { return true }

// --- Lists ----------------------------------------------------------------

type listing []fakeJob

func (r *waitRun) list(failOnError bool, steps ...any) Job[listing] {
	j := List(ListedJobs[listing, fakeJob]{
		Subject: "the job list of CSE engine e", Service: client.CSE, Poll: script[listing](r, steps...),
		Jobs:    func(l listing) []fakeJob { return l },
		ID:      func(j fakeJob) string { return j.id },
		Name:    func(j fakeJob) string { return "CSE engine job " + j.id },
		Status:  func(j fakeJob) string { return j.status },
		Reason:  func(j fakeJob) string { return j.log },
		Classes: classes,
	})
	j.Interval, j.FailOnError = interval, failOnError
	j.After, j.Now = r.after, func() time.Time { return r.now }
	return j
}

func job(id, status string) fakeJob { return fakeJob{id: id, status: status, log: "log of " + id} }

func TestListWaitsUntilNothingIsPending(t *testing.T) {
	r := &waitRun{}
	last := listing{job("1", "Finished"), job("2", "Finished"), job("3", "Finished")}
	got, err := Until(context.Background(), r.list(true,
		listing{job("1", "Init"), job("2", "Executing"), job("3", "Finished")},
		listing{job("1", "Executing"), job("2", "Finished"), job("3", "Finished")},
		last))
	if err != nil || !slices.Equal(got, last) {
		t.Fatalf("%v: %v", got, err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3")
}

// Jobs that had failed before the wait began never fail it; one that it saw
// pending does, as soon as it has failed, with its failure text.
func TestListFailsOnlyOnJobsItSawPending(t *testing.T) {
	r := &waitRun{}
	_, err := Until(context.Background(), r.list(true,
		listing{job("1", "Error"), job("2", "Executing"), job("3", "Executing")},
		listing{job("1", "Error"), job("2", "Timeout"), job("3", "Executing")},
		listing{job("1", "Error"), job("2", "Timeout"), job("3", "Finished")}))
	var failed *JobsFailedError
	want := "While waiting on the job list of CSE engine e, 1 job that the wait saw pending ended in a failure status:\n" +
		"- CSE engine job 2 ended with status Timeout: log of 2"
	if !errors.As(err, &failed) || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2")
}

func TestListOldFailuresDoNotFailTheWait(t *testing.T) {
	r := &waitRun{}
	_, err := Until(context.Background(), r.list(true,
		listing{job("1", "Error"), job("2", "Executing")},
		listing{job("1", "Error"), job("2", "Finished")}))
	if err != nil {
		t.Fatal(err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2")
}

// A job that first appears in a later listing already failed was never seen
// pending: it does not fail the wait.
func TestListNewJobAlreadyFailed(t *testing.T) {
	r := &waitRun{}
	got, err := Until(context.Background(), r.list(true,
		listing{job("1", "Executing")},
		listing{job("1", "Executing"), job("9", "Error")},
		listing{job("1", "Finished"), job("9", "Error")}))
	if err != nil || len(got) != 2 {
		t.Fatalf("%v: %v", got, err)
	}
}

func TestListFailureNamesTenThenCounts(t *testing.T) {
	var pending, failed listing
	for i := 1; i <= 12; i++ {
		pending = append(pending, job(fmt.Sprint(i), "Executing"))
		failed = append(failed, job(fmt.Sprint(i), "Error"))
	}
	r := &waitRun{}
	_, err := Until(context.Background(), r.list(true, pending, failed))
	lines := strings.Split(fmt.Sprint(err), "\n")
	if len(lines) != 12 || lines[0] != "While waiting on the job list of CSE engine e, 12 jobs that the wait saw pending ended in a failure status:" ||
		lines[10] != "- CSE engine job 10 ended with status Error: log of 10" || lines[11] != "- and 2 more" {
		t.Fatalf("got %q", lines)
	}
}

func TestListWithoutFailOnErrorReadsTheLastListing(t *testing.T) {
	r := &waitRun{}
	last := listing{job("1", "Error"), job("2", "Finished")}
	got, err := Until(context.Background(), r.list(false, listing{job("1", "Executing"), job("2", "Executing")}, last))
	if err != nil || !slices.Equal(got, last) {
		t.Fatalf("%v: %v", got, err)
	}
}

func TestListTimeoutNamesPendingJobs(t *testing.T) {
	ctx := newExpiringContext()
	r := &waitRun{stallAt: 2, onStall: ctx.expire}
	_, err := Until(ctx, r.list(true, listing{job("1", "Finished"), job("2", "Executing"), job("3", "Init")}))
	want := "Waiting on the job list of CSE engine e did not finish within 5s (2 polls); the last listing had 2 of 3 jobs pending: " +
		"CSE engine job 2 (Executing), CSE engine job 3 (Init). Raise timeouts.read if the jobs need longer."
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

// The list and the single job go through the same loop: the first poll
// must succeed, and hopeless failures end the wait.
func TestListFailures(t *testing.T) {
	notFound := &client.APIError{Call: client.Call{Service: client.CSE, Status: 404}}
	r := &waitRun{}
	if _, err := Until(context.Background(), r.list(true, notFound)); err != notFound {
		t.Errorf("first poll: %v", err)
	}
	r = &waitRun{}
	busy := &client.APIError{Call: client.Call{Service: client.CSE, Status: 503}}
	if _, err := Until(context.Background(), r.list(true, listing{job("1", "Init")}, busy, notFound)); err != notFound {
		t.Errorf("later poll: %v", err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3")
}
