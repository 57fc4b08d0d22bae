// Package wait is the one poll loop of hwcjobs: it reads a job, or a list of
// jobs, until nothing it waits for is pending, honouring the context
// (timeouts.read, Ctrl-C) at every step, and says why it stopped in terms a
// user can act on. It also holds the arguments that every data source takes
// for it (wait_for_completion, fail_on_error, poll_interval, allow_missing,
// timeouts) and reads a data source as they ask.
package wait

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
)

// Job says how to poll and when to stop. Single and List build one for a
// job and for a list of jobs; the loop, Until, is the same for both.
type Job[T any] struct {
	// Subject names what is polled in messages: "CSE engine job 12339 of
	// engine e", "the job list of CSE engine e".
	Subject string
	// Service is the API of the job's own requests: only its "not found"
	// answers (as client.NotFoundOf decides them) mean that the job does not
	// exist.
	Service client.Service
	// Poll reads once.
	Poll func(ctx context.Context) (T, error)
	// Status says what a poll read, for the log and the timeout message:
	// a job's status, or which listed jobs are pending.
	Status func(T) string
	// Done reports whether what a poll read ends the wait. Until calls it
	// once for every poll that succeeded, in order, so it may remember what
	// it saw.
	Done func(T) bool
	// Failure is the error of a failure that ends the wait, or nil. Until
	// calls it after Done with every read when FailOnError is set, so that
	// a failure ends the wait as soon as it is seen.
	Failure func(T) error
	// Interval is the time between polls; the first poll is immediate.
	Interval time.Duration
	// FailOnError makes a failure an error (see Failure).
	FailOnError bool
	// Blocked says what a job waits for when its status needs a person to
	// act (an order to pay), or "" when it does not; nil when no status
	// blocks. Such a job never finishes by itself, so it ends the wait at
	// once: with a *BlockedError when FailOnError is set, and with a
	// warning of Read otherwise.
	Blocked func(T) string
	// MissingGrace is how long after the first poll a "not found" answer
	// (see Service) is polled again as pending: some APIs know a job id
	// only seconds after handing it back. After it, not found ends the
	// wait as usual.
	MissingGrace time.Duration
	// After and Now are the loop's clock: time.After and time.Now when nil.
	// Tests give their own, so that no test depends on the wall clock.
	After func(time.Duration) <-chan time.Time
	Now   func() time.Time

	// listing words the timeout message for a list of jobs.
	listing bool
}

// FailedError is a job that ended in a failure status.
type FailedError struct {
	Subject, Status, Reason string
}

func (e *FailedError) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = "the API gave no reason"
	}
	return fmt.Sprintf("%s ended with status %s: %s", e.Subject, e.Status, reason)
}

// maxFailuresShown is how many failed jobs a JobsFailedError names; the rest
// are counted.
const maxFailuresShown = 10

// JobsFailedError is a wait on a list that ended with jobs that it saw
// pending in a failure status.
type JobsFailedError struct {
	// Subject names the list: "the job list of CSE engine e".
	Subject string
	// Failed are the jobs, in the list's order.
	Failed []FailedError
}

func (e *JobsFailedError) Error() string {
	var b strings.Builder
	n := len(e.Failed)
	fmt.Fprintf(&b, "While waiting on %s, %d %s that the wait saw pending ended in a failure status:", e.Subject, n, plural(n, "job"))
	for i, f := range e.Failed {
		if i == maxFailuresShown {
			fmt.Fprintf(&b, "\n- and %d more", n-maxFailuresShown)
			break
		}
		b.WriteString("\n- " + f.Error())
	}
	return b.String()
}

// BlockedError is a job whose status waits for a person to act.
type BlockedError struct {
	Subject, Status, WaitsFor string
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("%s is blocked in status %s: it waits for %s. It does not finish by itself, so the wait ended at once",
		e.Subject, e.Status, e.WaitsFor)
}

// TimeoutError is a wait whose deadline passed before the job finished.
type TimeoutError struct {
	Subject, LastStatus string
	Waited              time.Duration
	Polls               int
	LastErr             error
	// Listing is set for the wait on a list: LastStatus says which jobs
	// were pending.
	Listing bool
}

func (e *TimeoutError) Error() string {
	var msg string
	waited := e.Waited.Round(time.Millisecond)
	switch {
	case e.Listing && e.LastStatus == "":
		msg = fmt.Sprintf("Waiting on %s did not finish within %s (%d polls); no listing succeeded", e.Subject, waited, e.Polls)
	case e.Listing:
		msg = fmt.Sprintf("Waiting on %s did not finish within %s (%d polls); the last listing had %s", e.Subject, waited, e.Polls, e.LastStatus)
	default:
		status := e.LastStatus
		if status == "" {
			status = "unknown (no poll succeeded)"
		}
		msg = fmt.Sprintf("%s did not finish within %s (%d polls); its last status was %s", e.Subject, waited, e.Polls, status)
	}
	if e.LastErr != nil {
		msg += "; the last poll failed: " + e.LastErr.Error()
	}
	if e.Listing {
		return msg + ". Raise timeouts.read if the jobs need longer."
	}
	return msg + ". Raise timeouts.read if the job needs longer."
}

func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// Until polls until Done, and returns the last read. It ends early, with
// the error as it is, when the first poll fails (after the client's own
// retries: a wait never starts on an endpoint, job or credential that does
// not work), and when a later poll fails in a way that a later poll would
// see again (client.Transient is false: an answer such as 404, an unknown
// host, an untrusted certificate, a body that is not the API's JSON). Other
// failures are waited through. A failure that Failure reports ends the wait
// with its error when FailOnError is set; a passed deadline is a *TimeoutError; a
// cancelled context ends the wait at once.
func Until[T any](ctx context.Context, j Job[T]) (T, error) {
	after, now := j.After, j.Now
	if after == nil {
		after = time.After
	}
	if now == nil {
		now = time.Now
	}
	var (
		last       T
		lastStatus string
		lastErr    error
		polls      int
		start      = now()
	)
	ended := func() error {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &TimeoutError{Subject: j.Subject, LastStatus: lastStatus, Waited: now().Sub(start), Polls: polls,
				LastErr: lastErr, Listing: j.listing}
		}
		return fmt.Errorf("waiting for %s was cancelled: %w", j.Subject, ctx.Err())
	}
	for {
		if polls > 0 {
			select {
			case <-ctx.Done():
				return last, ended()
			case <-after(j.Interval):
			}
		}
		polls++
		v, err := j.Poll(ctx)
		switch {
		case err != nil && j.MissingGrace > 0 && ctx.Err() == nil && isNotFound(err, j.Service) && now().Sub(start) < j.MissingGrace:
			lastErr = err
			tflog.Info(ctx, "The job is not found yet; polling again within missing_grace", map[string]any{
				"job": j.Subject, "poll": polls, "missing_grace": j.MissingGrace.String(),
			})
		case err != nil && polls == 1:
			return last, err
		case ctx.Err() != nil:
			return last, ended()
		case err != nil && !client.Transient(err):
			return last, err
		case err != nil:
			lastErr = err
			tflog.Warn(ctx, "Polling the job failed; trying again at the next poll", map[string]any{
				"job": j.Subject, "poll": polls, "error": err.Error(),
			})
		default:
			last, lastErr, lastStatus = v, nil, j.Status(v)
			tflog.Info(ctx, "Polled job", map[string]any{"job": j.Subject, "poll": polls, "status": lastStatus})
			done := j.Done(v)
			if j.Blocked != nil && j.Blocked(v) != "" {
				if j.FailOnError {
					return v, &BlockedError{Subject: j.Subject, Status: lastStatus, WaitsFor: j.Blocked(v)}
				}
				return v, nil
			}
			if j.FailOnError && j.Failure != nil {
				if err := j.Failure(v); err != nil {
					return v, err
				}
			}
			if done {
				return v, nil
			}
		}
	}
}

// isNotFound reports an answer that says the job does not exist.
func isNotFound(err error, s client.Service) bool { return jobMissing(err, s) }

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
