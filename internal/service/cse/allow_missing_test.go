package cse_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// With allow_missing = true a job the API does not know reads as found =
// false with every other computed attribute null, at once, waiting or not;
// without it, not found is an error that mentions allow_missing. A job that
// exists is found either way.
func TestEngineJobAllowMissing(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.AddCSEJob("engine", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	provider := acctest.ProviderConfig(e, url)
	missing := map[string]knownvalue.Check{
		"found": knownvalue.Bool(false),
		// The arguments stay as written.
		"engine_id": knownvalue.StringExact("engine"), "job_id": knownvalue.StringExact("404"),
		"allow_missing": knownvalue.Bool(true),
	}
	for _, name := range []string{"id", "type", "description", "status", "scheduling", "created_by", "start_time",
		"end_time", "context", "done", "succeeded", "phases"} {
		missing[name] = knownvalue.Null()
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         e.Reset,
				Config:            jobConfig(provider, `engine_id = "engine"`, `job_id = "404"`, `allow_missing = true`),
				Check:             acctest.CheckRequests(e, showPath("engine", "404"), 1),
				ConfigStateChecks: acctest.Attributes(jobAddress, missing),
			},
			{
				// A wait on it ends at once.
				PreConfig: e.Reset,
				Config: jobConfig(provider, `engine_id = "engine"`, `job_id = "404"`, `allow_missing = true`,
					`wait_for_completion = true`, `poll_interval = "100ms"`),
				Check: acctest.CheckRequests(e, showPath("engine", "404"), 1),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(false), "status": knownvalue.Null(), "wait_for_completion": knownvalue.Bool(true),
				}),
			},
			{
				Config: jobConfig(provider, `engine_id = "engine"`, `job_id = "1"`, `allow_missing = true`),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(true), "id": knownvalue.StringExact("1"), "status": knownvalue.StringExact("Finished"),
				}),
			},
			{
				Config: jobConfig(provider, `engine_id = "engine"`, `job_id = "1"`),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(true), "allow_missing": knownvalue.Null(),
				}),
			},
			{
				Config: jobConfig(provider, `engine_id = "engine"`, `job_id = "404"`, `wait_for_completion = true`),
				ExpectError: diagnostic("Not Found", "CSE engine job 404 of engine engine was not found. Check its identifiers and region. "+
					"If the job may not exist (APIs forget finished jobs after a while), set allow_missing = true to read it as found = false instead of failing. "+
					"CSE GET "+showPath("engine", "404")+": HTTP 400 Bad Request: SVCSTG.00501153: No task found."),
			},
			{
				// A misspelt engine_id is not a missing job: CSE's code for
				// an engine that does not exist stays an error with
				// allow_missing, and names the engine.
				PreConfig: e.Reset,
				Config:    jobConfig(provider, `engine_id = "engnie"`, `job_id = "1"`, `allow_missing = true`),
				ExpectError: diagnostic("Engine Not Found", "Reading CSE engine job 1 of engine engnie failed: CSE says that the engine does not exist. "+
					"Check engine_id (allow_missing does not apply: it reads a job that the API no longer knows, not one whose engine does not exist). "+
					"CSE GET "+showPath("engnie", "1")+": HTTP 400 Bad Request: SVCSTG.00501116: Failed to find the engine instance."),
			},
			{
				// Only the job's own request can say that it does not exist:
				// the API gateway's 404 for a path it does not know is an
				// error even with allow_missing.
				PreConfig: func() {
					e.Stub(emulator.Stub{Path: showPath("engine", "405"), Status: 404,
						Body: `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`})
				},
				Config: jobConfig(provider, `engine_id = "engine"`, `job_id = "405"`, `allow_missing = true`),
				ExpectError: diagnostic("API Not Found", "Reading CSE engine job 405 of engine engine failed: the CSE endpoint does not serve "+
					"this API (its gateway knows no such path). Check endpoints.cse and region. "+
					"CSE GET "+showPath("engine", "405")+": HTTP 404 Not Found: APIGW.0101"),
			},
		},
	})
}
