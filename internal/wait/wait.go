// Package wait is the one poll loop of hwcjobs: it reads a job until its
// status is terminal, honouring the context (timeouts.read, Ctrl-C) at every
// step, and says why it stopped in terms a user can act on.
package wait

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// Job says how to poll one job.
type Job[T any] struct {
	// Subject names the job in messages: "CSE engine job 12339 of engine e".
	Subject string
	// Poll reads the job once.
	Poll func(ctx context.Context) (T, error)
	// Status is the job's status.
	Status func(T) string
	// Reason is the job's own failure text (a task log, a reason, messages).
	Reason  func(T) string
	Classes jobstatus.Classes
	// Interval is the time between polls; the first poll is immediate.
	Interval time.Duration
	// FailOnError makes a failure status an error.
	FailOnError bool
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

// TimeoutError is a wait whose deadline passed before the job finished.
type TimeoutError struct {
	Subject, LastStatus string
	Waited              time.Duration
	Polls               int
	LastErr             error
}

func (e *TimeoutError) Error() string {
	status := e.LastStatus
	if status == "" {
		status = "unknown (no poll succeeded)"
	}
	msg := fmt.Sprintf("%s did not finish within %s (%d polls); its last status was %s",
		e.Subject, e.Waited.Round(time.Millisecond), e.Polls, status)
	if e.LastErr != nil {
		msg += "; the last poll failed: " + e.LastErr.Error()
	}
	return msg + ". Raise timeouts.read if the job needs longer."
}

func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// Until polls the job until its status is terminal and returns the last job
// read. A failure status is a *FailedError when FailOnError is set; a passed
// deadline is a *TimeoutError; a cancelled context ends the wait at once.
// Errors the client could not retry away end the wait, unless they are
// transient (throttling, server errors, broken connections or bodies): then
// the next poll tries again.
func Until[T any](ctx context.Context, j Job[T]) (T, error) {
	var (
		last       T
		lastStatus string
		lastErr    error
		polls      int
		start      = time.Now()
	)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return last, ended(ctx, j.Subject, lastStatus, start, polls, lastErr)
		case <-timer.C:
		}
		polls++
		job, err := j.Poll(ctx)
		switch {
		case ctx.Err() != nil:
			return last, ended(ctx, j.Subject, lastStatus, start, polls, lastErr)
		case err != nil && !Transient(err):
			return last, err
		case err != nil:
			lastErr = err
			tflog.Warn(ctx, "Polling the job failed; trying again at the next poll", map[string]any{
				"job": j.Subject, "poll": polls, "error": err.Error(),
			})
		default:
			last, lastErr, lastStatus = job, nil, j.Status(job)
			tflog.Info(ctx, "Polled job", map[string]any{"job": j.Subject, "poll": polls, "status": lastStatus})
			if j.Classes.Done(lastStatus) {
				if j.FailOnError && j.Classes.Failed(lastStatus) {
					return last, &FailedError{Subject: j.Subject, Status: lastStatus, Reason: j.Reason(job)}
				}
				return last, nil
			}
		}
		timer.Reset(j.Interval)
	}
}

func ended(ctx context.Context, subject, lastStatus string, start time.Time, polls int, lastErr error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &TimeoutError{Subject: subject, LastStatus: lastStatus, Waited: time.Since(start), Polls: polls, LastErr: lastErr}
	}
	return fmt.Errorf("waiting for %s was cancelled: %w", subject, ctx.Err())
}

// Transient reports errors that a later poll may not see: throttling, server
// errors, lost connections and broken bodies.
func Transient(err error) bool {
	var (
		apiErr    *client.APIError
		decodeErr *client.DecodeError
		transErr  *client.TransportError
	)
	switch {
	case errors.As(err, &transErr):
		return transErr.Transient()
	case errors.As(err, &apiErr):
		return apiErr.Status == http.StatusTooManyRequests || apiErr.Status >= 500
	case errors.As(err, &decodeErr):
		return true
	}
	return false
}
