package jobs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// A blocked status (PENDING_PAYMENT of the v1 APIs, TaurusDB's Pending)
// ends a wait at the poll that sees it, never at the timeout: read with
// fail_on_error = false, an error that says what the job waits for without.
func TestAccJobBlocked(t *testing.T) {
	e, url := newEmulator(t)
	provider := acctest.PrefixedProviderConfig(e, url)
	config := provider
	var checks []statecheck.StateCheck
	var blockable []service
	for _, s := range services {
		if !s.blockable {
			continue
		}
		blockable = append(blockable, s)
		status := "PENDING_PAYMENT"
		if s.name == "gaussdb_mysql" {
			status = "Pending"
		}
		add(t, e, emulator.FamilyJob{Service: s.name, ID: "unpaid-" + s.name, Statuses: []string{s.pending[0], status}, Started: started})
		// A read timeout of 20m would not end the test: the wait must end
		// at the blocked status.
		config += jobConfig(s, "unpaid-"+s.name, waitFor+"\n  fail_on_error = false")
		checks = append(checks,
			expect(s, "status", knownvalue.StringExact(status)),
			expect(s, "blocked", knownvalue.Bool(true)),
			expect(s, "done", knownvalue.Bool(false)),
			expect(s, "succeeded", knownvalue.Bool(false)),
			expect(s, "completed_at", knownvalue.Null()),
		)
	}
	if len(blockable) != 8 {
		t.Fatalf("%d services can block, want 8", len(blockable))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config:    config,
				Check: func(*terraform.State) error {
					for _, s := range blockable {
						path, n := s.path("unpaid-"+s.name), 0
						for _, r := range e.Requests() {
							if r.Path == path {
								n++
							}
						}
						if n != 2 {
							return fmt.Errorf("%s: %d requests, want 2", s.name, n)
						}
					}
					return nil
				},
				ConfigStateChecks: checks,
			},
			{
				Config: provider + jobConfig(services[0], "unpaid-ecs", waitFor),
				ExpectError: acctest.ErrorTexts("Job Blocked", "ECS job unpaid-ecs is blocked in status PENDING_PAYMENT: it waits for "+
					"the payment of its yearly/monthly order: pay it or cancel it in the Billing Center (unpaid orders are kept 14 days).",
					"It does not finish by itself, so the wait ended at once.",
					"Set fail_on_error = false to read the blocked job instead of failing."),
			},
			{
				Config: provider + jobConfig(services[8], "unpaid-gaussdb_mysql", waitFor),
				ExpectError: acctest.ErrorTexts("Job Blocked", "TaurusDB job unpaid-gaussdb_mysql is blocked in status Pending: "+
					"it waits for its maintenance window: the task was deferred to it."),
			},
		},
	})
}

// The answers that are no job: a v1 answer without a status (the query
// failed) is an error, never pending; the gateway's 404 for an unknown path
// is not "not found", even with allow_missing. Statuses compare
// case-insensitively.
func TestAccJobOddAnswers(t *testing.T) {
	e, url := newEmulator(t)
	provider := acctest.PrefixedProviderConfig(e, url)
	ecs, evs, elb := services[0], services[1], services[13]
	e.Stub(emulator.Stub{Path: ecs.path("no-status"), Body: `{"code":"Ecs.0005","message":"Query job failed, please try again"}`})
	e.Stub(emulator.Stub{Path: evs.path("lower"), Body: `{"job_id":"lower","job_type":"extendVolume","status":"success","begin_time":"2021-07-21T06:53:00.431Z","end_time":"2021-07-21T06:53:07.443Z"}`})
	add(t, e, emulator.FamilyJob{Service: "ecs", ID: "stuck", Statuses: []string{"RUNNING"}})
	e.Stub(emulator.Stub{Path: elb.path("unknown-path"), Status: 404, Body: `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + jobConfig(ecs, "no-status", waitFor),
				ExpectError: acctest.ErrorTexts("Reading ECS job no-status failed: the answer has no status:",
					"Ecs.0005: Query job failed, please try again"),
			},
			{
				Config: provider + jobConfig(evs, "lower", waitFor),
				ConfigStateChecks: []statecheck.StateCheck{
					expect(evs, "status", knownvalue.StringExact("success")),
					expect(evs, "succeeded", knownvalue.Bool(true)),
					expect(evs, "type", knownvalue.StringExact("extendVolume")),
					expect(evs, "entities", knownvalue.Null()),
					expect(evs, "completed_at", knownvalue.StringExact("2021-07-21T06:53:07.443Z")),
				},
			},
			{
				Config:      provider + jobConfig(elb, "unknown-path", "  allow_missing = true"),
				ExpectError: acctest.ErrorTexts("API Not Found", "the ELB endpoint does not serve this API"),
			},
			{
				// timeouts.read bounds the wait.
				Config: provider + jobConfig(ecs, "stuck", waitFor+"\n  timeouts = { read = \"1s\" }"),
				ExpectError: acctest.ErrorTexts("Timed Out Waiting For Job", "ECS job stuck did not finish within",
					"its last status was RUNNING. Raise timeouts.read if the job needs longer."),
			},
			{
				// A 404 that names the project, not the job: a wrong
				// project_id is not hidden by allow_missing.
				Config: strings.Replace(provider, emulator.DefaultProjectID, "ffffffffffffffffffffffffffffffff", 1) +
					jobConfig(evs, "lower", "  allow_missing = true"),
				ExpectError: acctest.ErrorTexts("Reading EVS job lower failed: the API does not know the project (check project_id and region):",
					"Project ffffffffffffffffffffffffffffffff does not exist"),
			},
		},
	})
}
