package wait

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// SingleJob describes one job to wait for.
type SingleJob[T any] struct {
	// Subject names the job: "CSE engine job 12339 of engine e".
	Subject string
	// Service is the API of the job's own requests: only its "not found"
	// answers (as client.NotFoundOf decides them) mean that the job does not
	// exist.
	Service client.Service
	// Poll reads the job once.
	Poll func(ctx context.Context) (T, error)
	// Status is the job's status.
	Status func(T) string
	// Reason is the job's own failure text (a task log, a reason, messages).
	Reason  func(T) string
	Classes jobstatus.Classes
	// Blocked and MissingGrace are those of Job; optional.
	Blocked      func(T) string
	MissingGrace time.Duration
}

// Single waits until the job's status is terminal; with fail_on_error a
// failure status fails the wait with a *FailedError, also when the job had
// failed before the wait began: it is the job waited for.
func Single[T any](s SingleJob[T]) Job[T] {
	return Job[T]{
		Subject:      s.Subject,
		Service:      s.Service,
		Poll:         s.Poll,
		Status:       s.Status,
		Blocked:      s.Blocked,
		MissingGrace: s.MissingGrace,
		Done:         func(v T) bool { return s.Classes.Done(s.Status(v)) },
		Failure: func(v T) error {
			if status := s.Status(v); s.Classes.Failed(status) {
				return &FailedError{Subject: s.Subject, Status: status, Reason: s.Reason(v)}
			}
			return nil
		},
	}
}

// ListedJobs describes a list of jobs to wait on: T is what one listing
// reads (every page, the data source's filters applied), J one job of it.
type ListedJobs[T, J any] struct {
	// Subject names the list: "the job list of CSE engine e".
	Subject string
	// Service is the API that lists.
	Service client.Service
	// Poll lists once, with the data source's filters.
	Poll func(ctx context.Context) (T, error)
	// Jobs are the jobs of a listing, in its order.
	Jobs func(T) []J
	// ID tells a job apart from the others across listings.
	ID func(J) string
	// Name names a job in messages: "CSE engine job 43".
	Name func(J) string
	// Status is a job's status.
	Status func(J) string
	// Reason is a job's own failure text.
	Reason  func(J) string
	Classes jobstatus.Classes
}

// maxPendingShown is how many pending jobs a timeout message and the log
// name.
const maxPendingShown = 10

// List waits until no listed job is pending, listing again at each poll.
//
// Only jobs that this wait saw pending can fail it: with fail_on_error it
// fails with a *JobsFailedError as soon as a listing has any of them in a
// failure status, without waiting for the other jobs, and names every such
// job of that listing. Jobs that had failed before the wait began never fail
// it, and neither does a job that first appears in a later listing already
// failed: the wait never saw it pending, so it cannot tell it from a job
// that failed before the wait began (a job the listing had missed). A job
// that the wait saw pending and that the last listing no longer has (the API
// forgot it, or the filters no longer match it) fails nothing either: the
// wait cannot know how it ended.
//
// The Job remembers what it saw: use it for one wait.
func List[T, J any](l ListedJobs[T, J]) Job[T] {
	seenPending := map[string]bool{}
	return Job[T]{
		Subject: l.Subject,
		Service: l.Service,
		Poll:    l.Poll,
		listing: true,
		Status: func(v T) string {
			jobs := l.Jobs(v)
			var pending []string
			for _, j := range jobs {
				if status := l.Status(j); !l.Classes.Done(status) {
					pending = append(pending, fmt.Sprintf("%s (%s)", l.Name(j), status))
				}
			}
			s := fmt.Sprintf("%d of %d %s pending", len(pending), len(jobs), plural(len(jobs), "job"))
			if len(pending) > maxPendingShown {
				pending = append(pending[:maxPendingShown], fmt.Sprintf("and %d more", len(pending)-maxPendingShown))
			}
			if len(pending) > 0 {
				s += ": " + strings.Join(pending, ", ")
			}
			return s
		},
		Done: func(v T) bool {
			done := true
			for _, j := range l.Jobs(v) {
				if !l.Classes.Done(l.Status(j)) {
					seenPending[l.ID(j)] = true
					done = false
				}
			}
			return done
		},
		Failure: func(v T) error {
			var failed []FailedError
			for _, j := range l.Jobs(v) {
				if status := l.Status(j); seenPending[l.ID(j)] && l.Classes.Failed(status) {
					failed = append(failed, FailedError{Subject: l.Name(j), Status: status, Reason: l.Reason(j)})
				}
			}
			if len(failed) == 0 {
				return nil
			}
			return &JobsFailedError{Subject: l.Subject, Failed: failed}
		},
	}
}
