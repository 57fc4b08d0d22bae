package provider_test

import (
	"slices"
	"testing"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
)

// fail_on_error or poll_interval written without wait_for_completion = true
// would do nothing: terraform validate shows a warning on each, and only on
// those, for every data source that waits. Validation sends no request.
func TestIdleWaitArgumentsWarn(t *testing.T) {
	diags := acctest.Validate(t, `
data "hwcjobs_cse_engine_job" "idle" {
  engine_id     = "e"
  job_id        = "1"
  fail_on_error = false
}

data "hwcjobs_servicestage_job" "idle" {
  job_id              = "JOB-1"
  wait_for_completion = false
  poll_interval       = "5s"
}

data "hwcjobs_cse_engine_jobs" "idle" {
  engine_id     = "e"
  poll_interval = "5s"
  fail_on_error = true
}

data "hwcjobs_cce_jobs" "idle" {
  fail_on_error = false
}

# Waiting: nothing to say.
data "hwcjobs_cce_jobs" "waits" {
  wait_for_completion = true
  fail_on_error       = false
  poll_interval       = "5s"
}
`)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	slices.Sort(got)
	warning := func(argument string) string {
		return "warning: Argument Has No Effect: " + argument + " only applies while waiting, and this data source does not wait: " +
			"set wait_for_completion = true, or remove " + argument + "."
	}
	want := []string{
		warning("fail_on_error"), warning("fail_on_error"), warning("fail_on_error"),
		warning("poll_interval"), warning("poll_interval"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("terraform validate showed\n%q\nwant\n%q", got, want)
	}
}
