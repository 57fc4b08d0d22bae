package cse_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The example of api-docs/cse-show-engine-job.txt, byte for byte, becomes
// exactly these attributes, read with one request when not waiting. Tasks
// within a phase are sorted by task_order; phases keep the API's order.
func TestEngineJobExample(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.LoadExamples()
	e.AddCSEJob("sorted", unorderedJob())
	config := jobConfig(acctest.ProviderConfig(e, url), `engine_id = "`+emulator.ExampleEngineID+`"`, `job_id = "12339"`) +
		dataSource("hwcjobs_cse_engine_job", "sorted", `engine_id = "sorted"`, `job_id = "5"`)
	want := acctest.Attributes(jobAddress, map[string]knownvalue.Check{
		"engine_id":           knownvalue.StringExact(emulator.ExampleEngineID),
		"job_id":              knownvalue.StringExact("12339"),
		"wait_for_completion": knownvalue.Null(),
		"fail_on_error":       knownvalue.Null(),
		"poll_interval":       knownvalue.Null(),
		"timeouts":            knownvalue.Null(),
		"id":                  knownvalue.StringExact("12339"),
		"type":                knownvalue.StringExact("Create"),
		"description":         knownvalue.StringExact(""),
		"status":              knownvalue.StringExact("Finished"),
		"scheduling":          knownvalue.Bool(false),
		"created_by":          knownvalue.StringExact("test"),
		"start_time":          knownvalue.StringExact("2021-11-10T10:28:15.901Z"),
		"end_time":            knownvalue.StringExact("2021-11-10T10:34:20.23Z"),
		"context":             knownvalue.StringExact(""),
		"done":                knownvalue.Bool(true),
		"succeeded":           knownvalue.Bool(true),
		"phases": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":        knownvalue.StringExact("resourcePrepare"),
			"task_names":  knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("TenantTaskExecutor")}),
			"status":      knownvalue.StringExact("Finished"),
			"start_time":  knownvalue.StringExact("2021-11-10T10:28:20.216Z"),
			"end_time":    knownvalue.StringExact("2021-11-10T10:28:30.215Z"),
			"duration_ms": knownvalue.Int64Exact(60000),
			"description": knownvalue.StringExact("Resource preparation"),
			"tasks":       knownvalue.ListExact([]knownvalue.Check{exampleTask("", "", 60000)}),
		})}),
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config:    config,
			Check:     acctest.CheckRequests(e, showPath(emulator.ExampleEngineID, "12339"), 1),
			ConfigStateChecks: append(want,
				statecheck.ExpectKnownValue("data.hwcjobs_cse_engine_job.sorted", tfjsonpath.New("phases"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("prepare"), "tasks": withIDs("501", "503")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("upgrade"), "tasks": withIDs("502")}),
				})),
			),
		}},
	})
}

// failureLog is the log the emulator gives the last task of a failed job.
const failureLog = "ConfigTaskExecutor failed: the configuration item service.limit is out of range (0-100)"

// wait_for_completion polls, the first time at once, until the status is
// terminal; a failure status fails the read with the
// job's own reason unless fail_on_error = false; timeouts.read bounds it all.
// The emulator advances these jobs one status per poll.
func TestEngineJobWait(t *testing.T) {
	e, url := acctest.Emulator(t)
	job := func(id int64, statuses ...string) {
		e.AddCSEJob("waiting", emulator.CSEJob{
			ID: id, Type: "Configure", CreateUser: "ops",
			Phases:     []emulator.CSEPhase{{Name: "engineConfigure", Tasks: []emulator.CSETask{{ID: id * 10, TaskName: "ConfigTaskExecutor", Timeout: -1}}}},
			Progress:   emulator.Progress{Statuses: statuses},
			FailureLog: failureLog,
		})
	}
	job(1, "Init", "Executing", "Executing", "Finished")
	job(2, "Executing", "Error")
	job(3, "Executing", "Timeout")
	job(4, "Executing", "Executing", "Finished")
	job(5, "Executing") // never ends
	provider := acctest.ProviderConfig(e, url)
	waitFor := func(jobID string, extra ...string) string {
		return jobConfig(provider, append([]string{`engine_id = "waiting"`, `job_id = "` + jobID + `"`,
			`wait_for_completion = true`, `poll_interval = "100ms"`}, extra...)...)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Init, Executing, Executing, Finished: done at the 4th poll.
				PreConfig: e.Reset,
				Config:    waitFor("1"),
				Check:     acctest.CheckRequests(e, showPath("waiting", "1"), 4),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"status":     knownvalue.StringExact("Finished"),
					"done":       knownvalue.Bool(true),
					"succeeded":  knownvalue.Bool(true),
					"created_by": knownvalue.StringExact("ops"),
					"end_time":   knownvalue.NotNull(),
				}),
			},
			{
				Config: waitFor("2"),
				ExpectError: diagnostic("Job Failed", "CSE engine job 2 of engine waiting ended with status Error: "+failureLog+
					" Set fail_on_error = false to read the failed job instead of failing."),
			},
			{
				// The failed job is read instead, after the same two polls.
				PreConfig: e.Reset,
				Config:    waitFor("3", `fail_on_error = false`),
				Check:     acctest.CheckRequests(e, showPath("waiting", "3"), 2),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("status"), knownvalue.StringExact("Timeout")),
					statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("done"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("succeeded"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(jobAddress,
						tfjsonpath.New("phases").AtSliceIndex(0).AtMapKey("tasks").AtSliceIndex(0).AtMapKey("log"),
						knownvalue.StringExact(failureLog)),
				},
			},
			{
				// A body that is not the API's JSON ends the wait at once,
				// also after a first poll that worked: no later poll would
				// read it (SPEC rev. 2; it was waited through before).
				PreConfig: func() {
					e.Reset()
					e.Inject(emulator.Fault{Path: showPath("waiting", "4"), Truncate: true, EveryNth: 2, Times: 1})
				},
				Config: waitFor("4"),
				ExpectError: diagnostic("Invalid API Response", "Reading CSE engine job 4 of engine waiting failed: the answer could not be read. "+
					"CSE GET "+showPath("waiting", "4")+": HTTP 200 with a response that is not valid JSON: unexpected end of JSON input"),
			},
			{
				PreConfig: acctest.ExpectRequests(t, e, showPath("waiting", "4"), 2),
				Config:    waitFor("5", `timeouts = { read = "1s" }`),
				ExpectError: diagnostic("Timed Out Waiting For Job",
					"CSE engine job 5 of engine waiting did not finish within <duration> (<number> polls); its last status was Executing. "+
						"Raise timeouts.read if the job needs longer."),
			},
		},
	})
}

// poll_interval is checked when the configuration is validated, before any
// request.
func TestEngineJobPollIntervalValidation(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.AddCSEJob("waiting", emulator.CSEJob{ID: 1, Status: "Executing"})
	provider := acctest.ProviderConfig(e, url)
	tests := []struct{ interval, summary, detail string }{
		{"50ms", "Duration Too Short", `"50ms" is shorter than the minimum of 100ms.`},
		{"soon", "Invalid Duration", `"soon" is not a duration. Write it like "10s", "500ms" or "2m".`},
	}
	var steps []resource.TestStep
	for _, tt := range tests {
		steps = append(steps, resource.TestStep{
			Config: jobConfig(provider, `engine_id = "waiting"`, `job_id = "1"`, `wait_for_completion = true`,
				`poll_interval = "`+tt.interval+`"`),
			ExpectError: diagnostic(tt.summary, tt.detail),
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
	if n := e.Count(""); n != 0 {
		t.Errorf("an invalid poll_interval still sent %d requests", n)
	}
}
