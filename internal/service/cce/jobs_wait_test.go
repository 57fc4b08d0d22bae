package cce_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

const cceListPath = "/api/v2/projects/" + emulator.DefaultProjectID + "/jobs"

// cceJob is a job in a canned answer of the list API: a bare JSON array, as
// the API sends it. Its sub-jobs are given as JSON.
func cceJob(uid, cluster, status, reason string, subJobs ...string) string {
	return fmt.Sprintf(`{"kind": "Job", "apiVersion": "v2", "metadata": {"uid": %[1]q}, `+
		`"spec": {"type": "ScaleupCluster", "clusteruid": %[2]q, "resourcename": "node-%[1]s", "subjobs": [%[3]s]}, `+
		`"status": {"status": %[4]q, "reason": %[5]q}}`, uid, cluster, strings.Join(subJobs, ", "), status, reason)
}

func cceSubJob(uid, typ, resource, status, reason string, subJobs ...string) string {
	return fmt.Sprintf(`{"kind": "Job", "apiVersion": "v2", "metadata": {"uid": %q}, `+
		`"spec": {"type": %q, "resourcename": %q, "subjobs": [%s]}, "status": {"status": %q, "reason": %q}}`,
		uid, typ, resource, strings.Join(subJobs, ", "), status, reason)
}

func cceListing(jobs ...string) string { return "[" + strings.Join(jobs, ", ") + "]" }

// Waiting on the CCE job list: until nothing is running on the cluster.
// Old failures never fail the wait; a job that the wait saw running and that
// failed does, with the reasons of its failed sub-jobs, deepest first.
func TestAccCCEJobsWait(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	provider := acctest.ProviderConfig(e, baseURL)
	script := func(listings ...string) func() {
		return func() {
			e.Reset()
			e.Stub(emulator.Stub{Path: cceListPath, Bodies: listings})
		}
	}
	const cluster, other = "cluster-1", "cluster-2"
	old := cceJob("old", cluster, "Failed", "failed yesterday")
	waitFor := func(extra string) string {
		return provider + `
data "hwcjobs_cce_jobs" "cluster" {
  cluster_id          = "` + cluster + `"
  wait_for_completion = true
  poll_interval       = "100ms"` + extra + `
}
`
	}
	statuses := func(pairs ...string) knownvalue.Check {
		jobs := make([]knownvalue.Check, len(pairs))
		for i, p := range pairs {
			id, status, _ := strings.Cut(p, ":")
			jobs[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id": knownvalue.StringExact(id), "status": knownvalue.StringExact(status),
			})
		}
		return knownvalue.ListExact(jobs)
	}
	failedSubJobs := cceSubJob("b-1", "CreateNode", "node-b", "Failed", "the node could not be created",
		cceSubJob("b-2", "CreateServer", "ecs-b", "Failed", "insufficient ECS quota in the AZ"))

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Four listings: the job on the other cluster never counts,
				// and the old failure does not fail the wait.
				PreConfig: script(
					cceListing(old, cceJob("a", cluster, "Init", ""), cceJob("x", other, "Running", "")),
					cceListing(old, cceJob("a", cluster, "Running", ""), cceJob("x", other, "Running", "")),
					cceListing(old, cceJob("a", cluster, "Running", ""), cceJob("x", other, "Running", "")),
					cceListing(old, cceJob("a", cluster, "Success", ""), cceJob("x", other, "Running", "")),
				),
				Config: waitFor(""),
				Check:  acctest.CheckRequests(e, cceListPath, 4),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("cluster", "jobs", statuses("old:Failed", "a:Success")),
				},
			},
			{
				// Job b was running and failed: its failure text is the
				// reasons of its failed sub-jobs, deepest first, then its own.
				PreConfig: script(
					cceListing(old, cceJob("b", cluster, "Running", "")),
					cceListing(old, cceJob("b", cluster, "Failed", "scaling up failed", failedSubJobs)),
				),
				Config: waitFor(""),
				ExpectError: acctest.ErrorTexts("Jobs Failed",
					"While waiting on the CCE job list, 1 job that the wait saw pending ended in a failure status:",
					"- CCE ScaleupCluster job b ended with status Failed: CreateServer of ecs-b: insufficient ECS quota in the AZ; "+
						"CreateNode of node-b: the node could not be created; scaling up failed",
					"Set fail_on_error = false to read the list instead of failing."),
			},
			{
				PreConfig: func() {
					acctest.ExpectRequests(t, e, cceListPath, 2)()
					script(
						cceListing(old, cceJob("b", cluster, "Running", "")),
						cceListing(old, cceJob("b", cluster, "Failed", "scaling up failed", failedSubJobs)),
					)()
				},
				Config: waitFor("\n  fail_on_error = false"),
				Check:  acctest.CheckRequests(e, cceListPath, 2),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("cluster", "jobs", statuses("old:Failed", "b:Failed")),
				},
			},
		},
	})
}

// timeouts.read bounds every read, one that does not wait included: here a
// retry after which the API asks to wait a minute.
func TestAccCCEJobsTimeout(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.Inject(emulator.Fault{Path: cceListPath, Status: 503, RetryAfter: "60"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(e, baseURL) + `
data "hwcjobs_cce_jobs" "all" {
  timeouts = { read = "1s" }
}
`,
			ExpectError: acctest.ErrorTexts("Timed Out", "Reading the CCE job list did not finish within timeouts.read (1s).",
				"timeouts.read (1s) passed while this request waited to retry after attempt 1,"),
		}},
	})
	if got := e.Count(cceListPath); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}
