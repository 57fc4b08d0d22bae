package dlf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// runListing is a canned answer of the runs list: total and instances.
func runListing(runs ...string) string {
	return fmt.Sprintf(`{"total": %d, "instances": [%s]}`, len(runs), strings.Join(runs, ", "))
}

func listedRun(id int, status, errorMessage string) string {
	return fmt.Sprintf(`{"jobName": "daily_etl", "jobId": 77, "instanceId": %d, "jobInstanceName": "daily_etl", `+
		`"status": %q, "planTime": 1748822400000, "instanceType": 0, "errorMessage": %q}`, id, status, errorMessage)
}

// Waiting on today's runs of a job: until none is pending. A run that had
// failed before the wait never fails it; a run the wait saw running that
// failed does, with its errorMessage.
func TestAccJobInstancesWait(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	script := func(listings ...string) func() {
		return func() {
			e.Reset()
			e.ClearStubs()
			e.Stub(emulator.Stub{Path: instancesPath, Bodies: listings})
		}
	}
	old := listedRun(1, "fail", "yesterday's failure")
	config := func(extra string) string {
		return acctest.ProviderConfig(e, baseURL) + `
data "hwcjobs_dataarts_factory_job_instances" "test" {
  workspace_id        = "ws"
  job_name            = "daily_etl"
  exact_name          = true
  wait_for_completion = true
  poll_interval       = "100ms"` + extra + `
}
`
	}
	statuses := func(pairs ...string) knownvalue.Check {
		runs := make([]knownvalue.Check, len(pairs))
		for i, p := range pairs {
			id, status, _ := strings.Cut(p, ":")
			runs[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "status": knownvalue.StringExact(status)})
		}
		return knownvalue.ListExact(runs)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Three listings until run 2 is over; run 1 failed before.
				PreConfig: script(
					runListing(old, listedRun(2, "waiting", "")),
					runListing(old, listedRun(2, "running", "")),
					runListing(old, listedRun(2, "success", "")),
				),
				Config: config(""),
				Check:  acctest.CheckRequests(e, instancesPath, 3),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances"), statuses("1:fail", "2:success")),
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(2)),
				},
			},
			{
				// Run 3 was running and failed: the read fails with its error.
				PreConfig: script(
					runListing(old, listedRun(3, "running", "")),
					runListing(old, listedRun(3, "fail", "node aggregate failed: table orders_tmp does not exist")),
				),
				Config: config(""),
				ExpectError: acctest.ErrorTexts("Jobs Failed",
					"1 job that the wait saw pending ended in a failure status:",
					"- DataArts Factory job daily_etl run 3 ended with status fail: node aggregate failed: table orders_tmp does not exist"),
			},
			{
				PreConfig: func() {
					acctest.ExpectRequests(t, e, instancesPath, 2)()
					script(
						runListing(old, listedRun(3, "running", "")),
						runListing(old, listedRun(3, "fail", "node aggregate failed")),
					)()
				},
				Config: config("\n  fail_on_error = false"),
				Check:  acctest.CheckRequests(e, instancesPath, 2),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances"), statuses("1:fail", "3:fail")),
				},
			},
		},
	})
}
