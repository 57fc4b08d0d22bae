package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// Live tests read real jobs of the real cloud. resource.Test skips them
// unless TF_ACC=1; each also needs the HW_* credentials (HW_REGION_NAME,
// HW_ACCESS_KEY and HW_SECRET_KEY, or HW_AUTH_TOKEN) and names the ids of
// jobs that exist in the account. Run them with `make testacc`.

var liveProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"hwcjobs": provider.NewServer("live"),
}

// liveEnv returns the named variables, skipping the test when one is unset.
func liveEnv(t *testing.T, names ...string) []string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("live test: set TF_ACC=1 and real HW_* credentials")
	}
	if os.Getenv("HW_ACCESS_KEY") == "" && os.Getenv("HW_AUTH_TOKEN") == "" && os.Getenv("HW_PROFILE") == "" {
		t.Skip("live test: set HW_ACCESS_KEY and HW_SECRET_KEY, HW_AUTH_TOKEN, or HW_PROFILE")
	}
	values := make([]string, len(names))
	for i, name := range names {
		if values[i] = os.Getenv(name); values[i] == "" {
			t.Skipf("live test: set %s", name)
		}
	}
	return values
}

func liveTest(t *testing.T, config string, checks ...resource.TestCheckFunc) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveProviderFactories,
		Steps: []resource.TestStep{{
			Config: "provider \"hwcjobs\" {}\n" + config,
			Check:  resource.ComposeAggregateTestCheckFunc(checks...),
		}},
	})
}

func TestLiveCSEEngineJobs(t *testing.T) {
	env := liveEnv(t, "HW_REGION_NAME", "HW_CSE_ENGINE_ID", "HW_CSE_JOB_ID")
	liveTest(t, fmt.Sprintf(`
data "hwcjobs_cse_engine_jobs" "all" { engine_id = %[1]q }
data "hwcjobs_cse_engine_job" "one" {
  engine_id           = %[1]q
  job_id              = %[2]q
  wait_for_completion = true
  fail_on_error       = false
}
`, env[1], env[2]),
		resource.TestCheckResourceAttrSet("data.hwcjobs_cse_engine_jobs.all", "jobs.0.id"),
		resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_job.one", "id", env[2]),
		resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_job.one", "done", "true"),
	)
}

func TestLiveDataArtsFactoryJobs(t *testing.T) {
	env := liveEnv(t, "HW_REGION_NAME", "HW_DATAARTS_WORKSPACE_ID")
	liveTest(t, fmt.Sprintf(`data "hwcjobs_dataarts_factory_jobs" "batch" { workspace_id = %q }`, env[1]),
		resource.TestCheckResourceAttrSet("data.hwcjobs_dataarts_factory_jobs.batch", "total"),
	)
}

func TestLiveCCEJobs(t *testing.T) {
	liveEnv(t, "HW_REGION_NAME")
	liveTest(t, `data "hwcjobs_cce_jobs" "all" {
  wait_for_completion = true
  fail_on_error       = false
}`,
		resource.TestCheckResourceAttrSet("data.hwcjobs_cce_jobs.all", "id"),
	)
}

func TestLiveCCEJob(t *testing.T) {
	env := liveEnv(t, "HW_REGION_NAME", "HW_CCE_JOB_ID")
	liveTest(t, fmt.Sprintf(`
data "hwcjobs_cce_job" "one" {
  job_id              = %q
  wait_for_completion = true
  fail_on_error       = false
  allow_missing       = true
}
`, env[1]),
		resource.TestCheckResourceAttrSet("data.hwcjobs_cce_job.one", "found"),
	)
}

func TestLiveDataArtsFactoryJobInstances(t *testing.T) {
	env := liveEnv(t, "HW_REGION_NAME", "HW_DATAARTS_WORKSPACE_ID", "HW_DATAARTS_JOB_NAME")
	liveTest(t, fmt.Sprintf(`
data "hwcjobs_dataarts_factory_job_instances" "today" {
  workspace_id = %[1]q
  job_name     = %[2]q
  exact_name   = true
}
data "hwcjobs_dataarts_factory_job_instance" "latest" {
  workspace_id        = %[1]q
  job_name            = %[2]q
  wait_for_completion = true
  fail_on_error       = false
  allow_missing       = true
}
`, env[1], env[2]),
		resource.TestCheckResourceAttrSet("data.hwcjobs_dataarts_factory_job_instances.today", "total"),
		resource.TestCheckResourceAttrSet("data.hwcjobs_dataarts_factory_job_instance.latest", "found"),
	)
}

func TestLiveServiceStageJob(t *testing.T) {
	env := liveEnv(t, "HW_REGION_NAME", "HW_SERVICESTAGE_JOB_ID")
	liveTest(t, fmt.Sprintf(`
data "hwcjobs_servicestage_job" "one" {
  job_id              = %q
  wait_for_completion = true
  fail_on_error       = false
}
`, env[1]),
		resource.TestCheckResourceAttr("data.hwcjobs_servicestage_job.one", "done", "true"),
	)
}
