package servicestage_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// With allow_missing = true a job the API does not know reads as found =
// false with every other computed attribute null, and a wait on it ends at
// once; without it, not found is an error that mentions allow_missing.
func TestAccServiceStageJobAllowMissing(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "JOB-there", Type: "PROVISION", Status: "SUCCEEDED"})
	provider := acctest.ProviderConfig(e, baseURL)
	var missing []statecheck.StateCheck
	for _, name := range []string{"id", "execution_status", "job_type", "order_id", "service_instance_id", "task_count",
		"done", "succeeded", "tasks"} {
		missing = append(missing, expect("gone", name, knownvalue.Null()))
	}
	missing = append(missing, expect("gone", "found", knownvalue.Bool(false)), expect("gone", "job_id", knownvalue.StringExact("JOB-gone")))

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         e.Reset,
				Config:            provider + jobConfig("gone", "JOB-gone", "\n  allow_missing = true"),
				Check:             expectRequests(e, "JOB-gone", 0),
				ConfigStateChecks: missing,
			},
			{
				PreConfig: e.Reset,
				Config: provider + jobConfig("gone", "JOB-gone", `
  allow_missing       = true
  wait_for_completion = true
  poll_interval       = "100ms"`),
				Check:             expectRequests(e, "JOB-gone", 0),
				ConfigStateChecks: missing,
			},
			{
				Config: provider + jobConfig("there", "JOB-there", "\n  allow_missing = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("there", "found", knownvalue.Bool(true)),
					expect("there", "execution_status", knownvalue.StringExact("SUCCEEDED")),
				},
			},
			{
				Config:            provider + jobConfig("there", "JOB-there", ""),
				ConfigStateChecks: []statecheck.StateCheck{expect("there", "found", knownvalue.Bool(true))},
			},
			{
				Config: provider + jobConfig("gone", "JOB-gone", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "ServiceStage job JOB-gone was not found. Check its identifiers and region. "+
					"If the job may not exist (APIs forget finished jobs after a while), set allow_missing = true to read it as found = false instead of failing.",
					"HTTP 404 Not Found: SVCSTG.00100404: Job JOB-gone not found"),
			},
		},
	})
}
