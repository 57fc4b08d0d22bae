package hwcjobstest

import (
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

// Job is the job API's body: the same JSON fields as the emulator's own
// type, so that a field added there is added here.
func TestJobIsTheJobAPIsBody(t *testing.T) {
	fields := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			out = append(out, rt.Field(i).Name+" "+rt.Field(i).Type.String()+" "+rt.Field(i).Tag.Get("json"))
		}
		return out
	}
	if got, want := fields(Job{}), fields(emulator.JobSpec{}); !reflect.DeepEqual(got, want) {
		t.Fatalf("Job has fields\n%v\nthe job API\n%v", got, want)
	}
}

// What another provider's acceptance test does: scripted jobs, the provider
// block of the emulator, hwcjobs from ProtoV6ProviderFactories, waits that
// end in success, in failure with the job's reason, and on a forgotten job.
func TestAccWaitsForScriptedJobs(t *testing.T) {
	em := NewEmulator()
	defer em.Close()
	for _, job := range []Job{
		{Service: "cce", ID: "cce-ok", Statuses: []string{"Initializing", "Running", "Success"}, Every: EveryPoll},
		{Service: "cse", EngineID: "eng-1", ID: "42", Statuses: []string{"Init", "Executing", "Finished"}, Every: EveryPoll},
		{Service: "servicestage", ID: "JOB-failing", Statuses: []string{"RUNNING", "FAILED"}, Every: EveryPoll,
			Reason: "Deploy failed: image swr.cn-north-4.myhuaweicloud.com/demo/app:1.2 does not exist"},
	} {
		if _, err := em.AddJob(job); err != nil {
			t.Fatal(err)
		}
	}
	cceJob := "/cce/api/v3/projects/" + emulator.DefaultProjectID + "/jobs/cce-ok"

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: em.ProviderConfig() + `
data "hwcjobs_cce_job" "ok" {
  job_id              = "cce-ok"
  wait_for_completion = true
  poll_interval       = "100ms"
}

data "hwcjobs_cse_engine_job" "ok" {
  engine_id           = "eng-1"
  job_id              = "42"
  wait_for_completion = true
  poll_interval       = "100ms"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hwcjobs_cce_job.ok", tfjsonpath.New("status"), knownvalue.StringExact("Success")),
				statecheck.ExpectKnownValue("data.hwcjobs_cce_job.ok", tfjsonpath.New("succeeded"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.hwcjobs_cse_engine_job.ok", tfjsonpath.New("status"), knownvalue.StringExact("Finished")),
			},
			Check: func(*terraform.State) error {
				// The wait polled three times: Initializing, Running, Success.
				if n := countPath(em.e.Requests(), cceJob); n < 3 {
					return fmt.Errorf("the CCE job was polled %d times, want at least 3", n)
				}
				return nil
			},
		}, {
			Config: em.ProviderConfig() + `
data "hwcjobs_servicestage_job" "failing" {
  job_id              = "JOB-failing"
  wait_for_completion = true
  poll_interval       = "100ms"
}
`,
			ExpectError: acctest.ErrorTexts("FAILED", "Deploy failed: image swr.cn-north-4.myhuaweicloud.com/demo/app:1.2 does not exist"),
		}, {
			PreConfig: func() {
				if err := em.ForgetJob("cce-ok"); err != nil {
					t.Fatal(err)
				}
			},
			Config: em.ProviderConfig() + `
data "hwcjobs_cce_job" "ok" {
  job_id              = "cce-ok"
  allow_missing       = true
  wait_for_completion = true
  poll_interval       = "100ms"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hwcjobs_cce_job.ok", tfjsonpath.New("found"), knownvalue.Bool(false)),
			},
		}},
	})
}

func countPath(reqs []emulator.Request, path string) int {
	n := 0
	for _, r := range reqs {
		if r.Path == path {
			n++
		}
	}
	return n
}
