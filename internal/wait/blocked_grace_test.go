package wait

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
)

// blockedWhen makes a job blocked in status PENDING_PAYMENT.
func blockedWhen(j Job[fakeJob]) Job[fakeJob] {
	j.Blocked = func(v fakeJob) string {
		if v.status == "PENDING_PAYMENT" {
			return "the payment of its order"
		}
		return ""
	}
	return j
}

// A blocked status ends the wait at the poll that sees it, never at the
// timeout: an error with fail_on_error, the job without.
func TestBlockedEndsTheWaitAtOnce(t *testing.T) {
	r := &waitRun{}
	_, err := Until(context.Background(), blockedWhen(r.single(true, fakeJob{status: "Executing"}, fakeJob{status: "PENDING_PAYMENT"})))
	var blocked *BlockedError
	want := "CSE engine job 7 is blocked in status PENDING_PAYMENT: it waits for the payment of its order. " +
		"It does not finish by itself, so the wait ended at once"
	if !errors.As(err, &blocked) || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2")

	r = &waitRun{}
	got, err := Until(context.Background(), blockedWhen(r.single(false, fakeJob{status: "PENDING_PAYMENT"})))
	if err != nil || got.status != "PENDING_PAYMENT" {
		t.Fatalf("%+v: %v", got, err)
	}
	r.wantEvents(t, "poll 1")
}

func jobAbsent() error {
	return &client.APIError{Call: client.Call{Service: client.CSE, Method: "GET", Path: "/jobs/7", Status: 404}, Code: "CSE.00400004"}
}

// Within missing_grace of the first poll a "not found" is polled again as
// pending, the first poll included; after it, not found ends the wait.
func TestMissingGracePollsNotFoundAgain(t *testing.T) {
	r := &waitRun{}
	j := r.single(true, jobAbsent(), jobAbsent(), fakeJob{status: "Executing"}, fakeJob{status: "Finished"})
	j.MissingGrace = 12 * time.Second
	got, err := Until(context.Background(), j)
	if err != nil || got.status != "Finished" {
		t.Fatalf("%+v: %v", got, err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3", "wait 5s", "poll 4")

	// Polls at 0, 5 and 10 s are within 12 s; the one at 15 s is not.
	r = &waitRun{}
	j = r.single(true, jobAbsent())
	j.MissingGrace = 12 * time.Second
	_, err = Until(context.Background(), j)
	if !jobMissing(err, client.CSE) {
		t.Fatalf("got %v", err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2", "wait 5s", "poll 3", "wait 5s", "poll 4")

	// ErrNotFound of a Poll counts too; other errors do not.
	r = &waitRun{}
	j = r.single(true, ErrNotFound, fakeJob{status: "Finished"})
	j.MissingGrace = time.Second
	if _, err = Until(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	r.wantEvents(t, "poll 1", "wait 5s", "poll 2")

	r = &waitRun{}
	forbidden := &client.APIError{Call: client.Call{Service: client.CSE, Method: "GET", Path: "/jobs/7", Status: 403}}
	j = r.single(true, forbidden)
	j.MissingGrace = time.Minute
	if _, err = Until(context.Background(), j); !errors.Is(err, forbidden) {
		t.Fatalf("got %v", err)
	}
	r.wantEvents(t, "poll 1")
}

// Without a grace, the first poll's not found ends the wait.
func TestNoGraceNotFoundEndsAtOnce(t *testing.T) {
	r := &waitRun{}
	if _, err := Until(context.Background(), r.single(true, jobAbsent())); !jobMissing(err, client.CSE) {
		t.Fatalf("got %v", err)
	}
	r.wantEvents(t, "poll 1")
}

// Read says a blocked job plainly: an error with fail_on_error, a warning
// and the job without it.
func TestReadBlocked(t *testing.T) {
	for _, failOnError := range []bool{true, false} {
		r := &waitRun{}
		args := Arguments{}
		args.WaitForCompletion = types.BoolValue(true)
		args.FailOnError = types.BoolValue(failOnError)
		j := blockedWhen(r.single(true, fakeJob{status: "PENDING_PAYMENT"}))
		got, found, diags := Read(context.Background(), &args, j)
		text := "CSE engine job 7 is blocked in status PENDING_PAYMENT: it waits for the payment of its order. " +
			"It does not finish by itself, so the wait ended at once."
		want := "Error: Job Blocked: " + text + "\n\nSet fail_on_error = false to read the blocked job instead of failing.\n"
		if !failOnError {
			want = "Warning: Job Blocked: " + text + " fail_on_error = false reads it as it is.\n"
		}
		if d := diagsText(diags); d != want {
			t.Errorf("fail_on_error %v: %q\nwant %q", failOnError, d, want)
		}
		if !failOnError && (!found || got.status != "PENDING_PAYMENT") {
			t.Errorf("fail_on_error false: found %v, %+v", found, got)
		}
		r.wantEvents(t, "poll 1")
	}
}
