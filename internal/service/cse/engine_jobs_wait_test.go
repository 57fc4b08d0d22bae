package cse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// listed is a job in a canned answer of the list API.
type listed struct{ id, status, log string }

// listing is the list API's answer with these jobs, one task each (whose
// log is the job's failure text), all on one page.
func listing(jobs ...listed) string {
	data := make([]string, len(jobs))
	for i, j := range jobs {
		data[i] = fmt.Sprintf(`{"id": %s, "engineId": "waiting", "type": "Configure", "status": %q, "tasks": [`+
			`{"id": %[1]s0, "jobId": %[1]s, "taskName": "ConfigTaskExecutor", "status": %[2]q, "log": %[3]q}]}`, j.id, j.status, j.log)
	}
	return fmt.Sprintf(`{"total": %d, "data": [%s]}`, len(jobs), strings.Join(data, ", "))
}

// Waiting on a list lists again, with the same filters, until no listed job
// is pending. Jobs that had failed before the wait began, or that it never
// saw pending, never fail it; one that it saw pending does, at once, with its
// failure text, unless fail_on_error = false. The stubs answer one listing
// after the other, one request each.
func TestEngineJobsWait(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.AddCSEEngine("waiting")
	provider := acctest.ProviderConfig(e, url)
	path := listPath("waiting")
	waitFor := func(extra ...string) string {
		return jobsConfig(provider, append([]string{`engine_id = "waiting"`, `wait_for_completion = true`,
			`poll_interval = "100ms"`}, extra...)...)
	}
	script := func(listings ...string) func() {
		return func() {
			e.Reset()
			e.Stub(emulator.Stub{Path: path, Bodies: listings})
		}
	}
	oldFailure := listed{"1", "Error", "failed last week"}
	statuses := func(statuses ...string) knownvalue.Check {
		jobs := make([]knownvalue.Check, len(statuses))
		for i, s := range statuses {
			id, status, _ := strings.Cut(s, ":")
			jobs[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(id), "status": knownvalue.StringExact(status),
			})
		}
		return knownvalue.ListExact(jobs)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Job 1 failed before the wait and job 5 first shows up
				// failed: neither fails the wait, which ends at the third
				// listing, when job 2 has finished.
				PreConfig: script(
					listing(oldFailure, listed{"2", "Init", ""}, listed{"3", "Finished", ""}),
					listing(oldFailure, listed{"2", "Executing", ""}, listed{"3", "Finished", ""}, listed{"5", "Error", "failed unseen"}),
					listing(oldFailure, listed{"2", "Finished", ""}, listed{"3", "Finished", ""}, listed{"5", "Error", "failed unseen"}),
				),
				Config: waitFor(),
				Check:  acctest.CheckRequests(e, path, 3),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{
					"jobs":  statuses("1:Error", "2:Finished", "3:Finished", "5:Error"),
					"total": knownvalue.Int64Exact(4),
				}),
			},
			{
				// Job 2 was running and failed: the wait fails at once,
				// though job 4 is still running.
				PreConfig: script(
					listing(oldFailure, listed{"2", "Executing", ""}, listed{"4", "Init", ""}),
					listing(oldFailure, listed{"2", "Timeout", failureLog}, listed{"4", "Executing", ""}),
				),
				Config: waitFor(),
				ExpectError: diagnostic("Jobs Failed", "While waiting on the job list of CSE engine waiting, 1 job that the wait saw pending "+
					"ended in a failure status: - CSE engine job 2 ended with status Timeout: "+failureLog+
					" Set fail_on_error = false to read the list instead of failing."),
			},
			{
				// With fail_on_error = false the wait goes on until nothing
				// is pending, and reads the last listing.
				PreConfig: func() {
					acctest.ExpectRequests(t, e, path, 2)()
					script(
						listing(oldFailure, listed{"2", "Executing", ""}, listed{"4", "Init", ""}),
						listing(oldFailure, listed{"2", "Timeout", failureLog}, listed{"4", "Executing", ""}),
						listing(oldFailure, listed{"2", "Timeout", failureLog}, listed{"4", "Finished", ""}),
					)()
				},
				Config:            waitFor(`fail_on_error = false`),
				Check:             acctest.CheckRequests(e, path, 3),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{"jobs": statuses("1:Error", "2:Timeout", "4:Finished")}),
			},
			{
				// The filters apply to every listing: only the jobs with
				// status Executing are waited on, and a job that no longer
				// matches is no longer listed (job 4 is Init at first).
				PreConfig: script(
					listing(listed{"2", "Executing", ""}, listed{"4", "Init", ""}),
					listing(listed{"2", "Finished", ""}, listed{"4", "Executing", ""}),
					listing(listed{"2", "Finished", ""}, listed{"4", "Finished", ""}),
				),
				Config: waitFor(`status = "executing"`),
				Check:  acctest.CheckRequests(e, path, 3),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{
					"jobs": knownvalue.ListExact([]knownvalue.Check{}), "total": knownvalue.Int64Exact(0),
				}),
			},
			{
				// Without wait_for_completion: one listing, pending or not.
				PreConfig:         script(listing(listed{"2", "Executing", ""}), listing(listed{"2", "Finished", ""})),
				Config:            jobsConfig(provider, `engine_id = "waiting"`),
				Check:             acctest.CheckRequests(e, path, 1),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{"jobs": statuses("2:Executing")}),
			},
			{
				// A timeout names the jobs still pending.
				PreConfig: script(listing(oldFailure, listed{"2", "Executing", ""})),
				Config:    waitFor(`timeouts = { read = "1s" }`),
				ExpectError: diagnostic("Timed Out Waiting For Jobs", "Waiting on the job list of CSE engine waiting did not finish within "+
					"<duration> (<number> polls); the last listing had 1 of 2 jobs pending: CSE engine job 2 (Executing). "+
					"Raise timeouts.read if the jobs need longer."),
			},
		},
	})
}
