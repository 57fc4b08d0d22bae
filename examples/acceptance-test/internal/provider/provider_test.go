package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/hwcjobstest"

	"example.com/terraform-provider-example/internal/provider"
)

// factories serve the provider under test and hwcjobs, both in process.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	f := hwcjobstest.ProtoV6ProviderFactories()
	f["example"] = providerserver.NewProtocol6WithError(provider.New())
	return f
}

// config waits for a ServiceStage deployment job with hwcjobs, and releases
// after it.
func config(em *hwcjobstest.Emulator, jobID string) string {
	return em.ProviderConfig() + fmt.Sprintf(`
data "hwcjobs_servicestage_job" "deploy" {
  job_id              = %q
  wait_for_completion = true
  poll_interval       = "100ms"
}

resource "example_release" "this" {
  deploy_job_id = data.hwcjobs_servicestage_job.deploy.id
}
`, jobID)
}

// The release is created once the deployment has succeeded: the job runs
// for two polls of the wait, then succeeds.
func TestAccReleaseAfterTheDeployment(t *testing.T) {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	job, err := em.AddJob(hwcjobstest.Job{
		Service:  "servicestage",
		Statuses: []string{"RUNNING", "RUNNING", "SUCCEEDED"},
		Every:    hwcjobstest.EveryPoll,
	})
	if err != nil {
		t.Fatal(err)
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: config(em, job.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hwcjobs_servicestage_job.deploy",
					tfjsonpath.New("execution_status"), knownvalue.StringExact("SUCCEEDED")),
				statecheck.ExpectKnownValue("example_release.this",
					tfjsonpath.New("id"), knownvalue.StringExact("release-after-"+job.ID)),
			},
		}},
	})
}

// A failed deployment fails the plan with the job's own reason, and nothing
// is released.
func TestAccNoReleaseAfterAFailedDeployment(t *testing.T) {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	job, err := em.AddJob(hwcjobstest.Job{
		Service:  "servicestage",
		Statuses: []string{"RUNNING", "FAILED"},
		Every:    hwcjobstest.EveryPoll,
		Reason:   "Deploy failed: the image does not exist",
	})
	if err != nil {
		t.Fatal(err)
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      config(em, job.ID),
			ExpectError: regexp.MustCompile(`Deploy failed: the image does not exist`),
		}},
	})
}
