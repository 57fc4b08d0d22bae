package jobs_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// computed are the computed attributes but found: all null when a job is
// not found.
var computed = []string{"id", "type", "status", "done", "succeeded", "blocked", "reason", "error_code", "progress",
	"started_at", "completed_at", "entities", "sub_jobs"}

// Not found is each API's own answer: a 404 of the job's request, GeminiDB's
// empty list, DLI's 400 DLI.0002. With allow_missing the job reads as found
// = false, at once (a wait too, with no missing_grace), one request each;
// without it, the read fails and says so.
func TestAccJobAllowMissing(t *testing.T) {
	e, url := newEmulator(t)
	provider := acctest.PrefixedProviderConfig(e, url)
	config := provider
	var checks []statecheck.StateCheck
	for _, s := range services {
		config += jobConfig(s, "gone-"+s.name, waitFor+"\n  allow_missing       = true\n  missing_grace       = \"0s\"")
		for _, name := range computed {
			checks = append(checks, expect(s, name, knownvalue.Null()))
		}
		checks = append(checks, expect(s, "found", knownvalue.Bool(false)))
	}
	byName := map[string]service{}
	for _, s := range services {
		byName[s.name] = s
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         e.Reset,
				Config:            config,
				Check:             requestsOfEach(e, func(s service) string { return "gone-" + s.name }, 1),
				ConfigStateChecks: checks,
			},
			{
				Config: provider + jobConfig(byName["evs"], "gone-evs", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "EVS job gone-evs was not found.",
					"set allow_missing = true to read it as found = false instead of failing.",
					"HTTP 404 Not Found: Evs.0114: Job gone-evs does not exist."),
			},
			{
				Config: provider + jobConfig(byName["geminidb"], "gone-geminidb", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "GeminiDB job gone-geminidb was not found.",
					"the job does not exist: GeminiDB answered an empty jobs list"),
			},
			{
				Config: provider + jobConfig(byName["dli"], "gone-dli", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "DLI job gone-dli was not found.",
					"HTTP 400 Bad Request: DLI.0002: The job gone-dli does not exist."),
			},
		},
	})
}

// missing_grace: a job id that each API knows only from its third read is
// waited through, as pending, within the grace (RDS and TaurusDB by
// default, the others with missing_grace set), three requests each.
func TestAccJobMissingGrace(t *testing.T) {
	e, url := newEmulator(t)
	config := acctest.PrefixedProviderConfig(e, url)
	var checks []statecheck.StateCheck
	for _, s := range services {
		add(t, e, emulator.FamilyJob{Service: s.name, ID: "late-" + s.name, Statuses: []string{s.success}, MissingPolls: 2})
		extra := waitFor
		if s.name != "rds" && s.name != "gaussdb_mysql" {
			extra += "\n  missing_grace       = \"5m\""
		}
		config += jobConfig(s, "late-"+s.name, extra)
		checks = append(checks, expect(s, "status", knownvalue.StringExact(s.success)), expect(s, "found", knownvalue.Bool(true)))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:         e.Reset,
			Config:            config,
			Check:             requestsOfEach(e, func(s service) string { return "late-" + s.name }, 3),
			ConfigStateChecks: checks,
		}},
	})
}

// After missing_grace, not found is what allow_missing decides; the grace is
// on the provider's clock, so only the outcome is checked, not the count.
func TestAccJobMissingGraceEnds(t *testing.T) {
	e, url := newEmulator(t)
	provider := acctest.PrefixedProviderConfig(e, url)
	rds := services[7]
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + jobConfig(rds, "never", waitFor+"\n  missing_grace = \"300ms\"\n  allow_missing = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect(rds, "found", knownvalue.Bool(false)), expect(rds, "status", knownvalue.Null()),
				},
			},
			{
				Config:      provider + jobConfig(rds, "never", waitFor+"\n  missing_grace = \"300ms\""),
				ExpectError: acctest.ErrorTexts("Not Found", "RDS job never was not found."),
			},
		},
	})
}

// missing_grace without wait_for_completion does nothing: a warning, as
// fail_on_error; an unknown service lists the services; an empty job_id is
// refused.
func TestJobValidation(t *testing.T) {
	diags := acctest.Validate(t, `
data "hwcjobs_job" "idle" {
  service       = "rds"
  job_id        = "j"
  missing_grace = "1m"
}`)
	if len(diags) != 1 || diags[0].Severity != "warning" || diags[0].Summary != "Argument Has No Effect" ||
		!strings.HasPrefix(diags[0].Detail, "missing_grace only applies while waiting") {
		t.Errorf("got %+v", diags)
	}
	diags = acctest.Validate(t, `
data "hwcjobs_job" "unknown" {
  service = "obs"
  job_id  = ""
}`)
	var text []string
	for _, d := range diags {
		text = append(text, d.Severity+": "+d.Summary+": "+d.Detail)
	}
	got := strings.Join(text, "\n")
	for _, want := range []string{
		`error: Invalid Attribute Value Match: Attribute service value must be one of: ["ecs" "evs" "ims" "bms" "sdrs" "deh" "eip" "rds" "gaussdb_mysql" "opengauss" "dds" "geminidb" "dcs" "elb" "dli" "dli_spark"], got: "obs"`,
		`error: Invalid Attribute Value Length: Attribute job_id string length must be at least 1, got: 0`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics:\n%s\nwant %s", got, want)
		}
	}
}
