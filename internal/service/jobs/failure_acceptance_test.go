package jobs_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

const quota = "Insufficient quota: 2 vCPUs requested, 0 left in region cn-north-4"

// failure is how a service's job fails in TestAccJobFailures: where the
// emulator puts the reason, and what reason and error_code read.
type failure struct {
	where                string // "own", "sub" or "none"
	errorCode            string // given to the emulator
	wantReason, wantCode string // "" for null
}

var failures = map[string]failure{
	"ecs":           {where: "sub", wantReason: quota},
	"evs":           {where: "own", errorCode: "EVS.2024", wantReason: "EVS.2024: " + quota, wantCode: "EVS.2024"},
	"ims":           {where: "sub", wantReason: quota},
	"bms":           {where: "sub", wantReason: "BMS.0001: " + quota},
	"sdrs":          {where: "own", wantReason: quota},
	"deh":           {where: "none"},
	"eip":           {where: "none"},
	"rds":           {where: "none"},
	"gaussdb_mysql": {where: "own", wantReason: quota},
	"opengauss":     {where: "own", wantReason: quota},
	"dds":           {where: "own", wantReason: quota},
	"geminidb":      {where: "own", wantReason: quota},
	"dcs":           {where: "own", wantReason: quota},
	"elb":           {where: "sub", wantReason: quota},
	"dli":           {where: "own", wantReason: quota},
	"dli_spark":     {where: "own", wantReason: "INFO SparkContext: Running Spark version 3.3.1\n" + quota},
}

// A job that fails: with fail_on_error = false every service's job reads
// with its failure text (its own, its sub-job's, or none), after two polls;
// with fail_on_error the read fails with that text, or says that there was
// none.
func TestAccJobFailures(t *testing.T) {
	e, url := newEmulator(t)
	provider := acctest.PrefixedProviderConfig(e, url)
	config := provider
	var checks []statecheck.StateCheck
	for _, s := range services {
		f := failures[s.name]
		j := emulator.FamilyJob{Service: s.name, ID: "fail-" + s.name, Statuses: []string{s.pending[0], s.failure},
			Started: started, Entities: s.entities, ErrorCode: f.errorCode}
		switch f.where {
		case "own":
			j.Reason = quota
		case "sub":
			j.Reason, j.ReasonInSubJob = quota, true
			j.SubJobs = []emulator.FamilySubJob{{ID: "sub-" + s.name, Type: "createSingleServer", Entities: map[string]any{"resource_id": "member-1"}}}
		}
		add(t, e, j)
		config += jobConfig(s, "fail-"+s.name, waitFor+"\n  fail_on_error = false")
		checks = append(checks,
			expect(s, "status", knownvalue.StringExact(s.failure)),
			expect(s, "done", knownvalue.Bool(true)),
			expect(s, "succeeded", knownvalue.Bool(false)),
			expect(s, "blocked", knownvalue.Bool(false)),
			expect(s, "reason", stringOrNull(f.wantReason)),
			expect(s, "error_code", stringOrNull(f.wantCode)),
			expect(s, "completed_at", at(now, s.millis)),
		)
	}
	ecs, elb := services[0], services[13]
	checks = append(checks,
		expect(ecs, "sub_jobs", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact("sub-ecs"), "parent_id": knownvalue.StringExact("fail-ecs"),
			"type": knownvalue.StringExact("createSingleServer"), "status": knownvalue.StringExact("FAIL"),
			"done": knownvalue.Bool(true), "succeeded": knownvalue.Bool(false), "reason": knownvalue.StringExact(quota),
			"error_code": knownvalue.Null(), "started_at": at(started, true), "completed_at": at(now, true),
			"entities": stringMap(map[string]string{"resource_id": "member-1", "errorcode_message": quota}),
		})})),
		expect(elb, "sub_jobs", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact("sub-elb"), "parent_id": knownvalue.StringExact("fail-elb"),
			"type": knownvalue.StringExact("createSingleServer"), "status": knownvalue.StringExact("ROLLBACK_FAIL"),
			"done": knownvalue.Bool(true), "succeeded": knownvalue.Bool(false), "reason": knownvalue.StringExact(quota),
			"error_code": knownvalue.Null(), "started_at": at(started, false), "completed_at": at(now, false),
			"entities": stringMap(map[string]string{"resource_id": "member-1"}),
		})})),
	)
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
				Check:             requestsOfEach(e, func(s service) string { return "fail-" + s.name }, 2),
				ConfigStateChecks: checks,
			},
			{
				Config: provider + jobConfig(byName["ecs"], "fail-ecs", waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed", "ECS job fail-ecs ended with status FAIL: "+quota,
					"Set fail_on_error = false to read the failed job instead of failing."),
			},
			{
				Config:      provider + jobConfig(byName["deh"], "fail-deh", waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed", "DeH job fail-deh ended with status FAIL: the API gave no reason"),
			},
			{
				Config: provider + jobConfig(byName["dli_spark"], "fail-dli_spark", waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed", "DLI Spark job fail-dli_spark ended with status dead:",
					"INFO SparkContext: Running Spark version 3.3.1", quota),
			},
		},
	})
}
