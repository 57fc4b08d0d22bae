package cse_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// The example of api-docs/cse-list-engine-jobs.txt, byte for byte, becomes
// exactly these attributes. Its total (100) overstates the one job it holds,
// so the read asks for the next page, finds it empty and stops there.
// Tasks are sorted by task_order whatever order the API sends them in (the
// list API sends the tasks of every phase one after the other).
func TestEngineJobsExample(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.LoadExamples()
	e.AddCSEJob("sorted", unorderedJob())
	config := jobsConfig(acctest.ProviderConfig(e, url), `engine_id = "`+emulator.ExampleEngineID+`"`) +
		dataSource("hwcjobs_cse_engine_jobs", "sorted", `engine_id = "sorted"`)
	want := acctest.Attributes(listAddress, map[string]knownvalue.Check{
		// A digest of the arguments: the same arguments always give it.
		"id":        knownvalue.StringExact("b955213f0374ab6a"),
		"engine_id": knownvalue.StringExact(emulator.ExampleEngineID),
		"from_time": knownvalue.Null(),
		"to_time":   knownvalue.Null(),
		"status":    knownvalue.Null(),
		"type":      knownvalue.Null(),
		// The jobs listed, not the API's overstated 100.
		"total": knownvalue.Int64Exact(1),
		"jobs": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":          knownvalue.StringExact("12339"),
			"engine_id":   knownvalue.StringExact("ad76972c-a743-4770-859c-c98a680f4d98"),
			"type":        knownvalue.StringExact("Create"),
			"description": knownvalue.StringExact(""),
			"status":      knownvalue.StringExact("Finished"),
			"scheduling":  knownvalue.Bool(false),
			"created_by":  knownvalue.StringExact("test"),
			"start_time":  knownvalue.StringExact("2021-11-10T10:28:15.901Z"),
			"end_time":    knownvalue.StringExact("2021-11-10T10:34:20.23Z"),
			"context":     knownvalue.StringExact("string"),
			"done":        knownvalue.Bool(true),
			"succeeded":   knownvalue.Bool(true),
			"tasks": knownvalue.ListExact([]knownvalue.Check{
				exampleTask("string", "string", 6000),
			}),
		})}),
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config:    config,
			Check: sentQueries(e, listPath(emulator.ExampleEngineID),
				"limit=100&offset=0", "limit=100&offset=1"),
			ConfigStateChecks: append(want,
				statecheck.ExpectKnownValue("data.hwcjobs_cse_engine_jobs.sorted",
					tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("tasks"), withIDs("501", "502", "503")),
			),
		}},
	})
}

// exampleTask is the one task of both pages' examples, which differ only in
// assigned, log and taskExecutorBrief.duration.
func exampleTask(assigned, log string, durationMs int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":          knownvalue.StringExact("89117"),
		"job_id":      knownvalue.StringExact("12339"),
		"type":        knownvalue.StringExact("Create"),
		"assigned":    knownvalue.StringExact(assigned),
		"task_name":   knownvalue.StringExact("TenantTaskExecutor"),
		"engine_name": knownvalue.StringExact("test"),
		"task_order":  knownvalue.Int64Exact(0),
		"status":      knownvalue.StringExact("Init"),
		"start_time":  knownvalue.StringExact("2021-11-10T10:28:20.216Z"),
		"end_time":    knownvalue.StringExact("2021-11-10T10:28:30.215Z"),
		"created_at":  knownvalue.StringExact("2021-11-10T10:28:15.91Z"),
		"updated_at":  knownvalue.StringExact("2021-11-10T10:28:30.23Z"),
		"timeout":     knownvalue.Int64Exact(-1),
		"log":         knownvalue.StringExact(log),
		"output":      knownvalue.StringExact("{}"),
		"duration_ms": knownvalue.Int64Exact(durationMs),
		"description": knownvalue.StringExact("Tenant processing"),
	})
}

// unorderedJob has the tasks 501 (order 0), 502 (order 1) and 503 (order 2)
// spread over two phases out of order: 503 and 501 in the first, 502 in the
// second.
func unorderedJob() emulator.CSEJob {
	start := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	task := func(id, order int64) emulator.CSETask {
		return emulator.CSETask{ID: id, TaskName: "Task", TaskOrder: order, StartTime: start, Timeout: -1}
	}
	return emulator.CSEJob{
		ID: 5, Type: "Upgrade", Status: "Finished", StartTime: start,
		Phases: []emulator.CSEPhase{
			{Name: "prepare", Tasks: []emulator.CSETask{task(503, 2), task(501, 0)}},
			{Name: "upgrade", Tasks: []emulator.CSETask{task(502, 1)}},
		},
	}
}

// Every page is read: limit=100 with the offset advanced by the records
// received, one request per page and none after the total is reached. The
// time window is sent as epoch milliseconds.
func TestEngineJobsPaging(t *testing.T) {
	e, url := acctest.Emulator(t)
	// Jobs 1..250 start one minute (and i milliseconds) apart from
	// 2024-01-01T08:00:00Z.
	e.GenerateCSEJobs("paged", 250)
	provider := acctest.ProviderConfig(e, url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config:    jobsConfig(provider, `engine_id = "paged"`),
				// Three pages for 250 jobs, and no fourth request: the
				// third page reaches the total.
				Check: sentQueries(e, listPath("paged"),
					"limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("id"), knownvalue.StringExact("3deab40cf39276e1")),
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs"), knownvalue.ListSizeExact(250)),
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(100).AtMapKey("id"), knownvalue.StringExact("101")),
					statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(249).AtMapKey("id"), knownvalue.StringExact("250")),
				},
			},
			{
				// 16:10+08:00 is 08:10Z; the window holds jobs 11 (08:10:00.011)
				// to 20 (08:19:00.020), not 21 (08:20:00.021).
				PreConfig: e.Reset,
				Config: jobsConfig(provider, `engine_id = "paged"`,
					`from_time = "2024-01-01T16:10:00+08:00"`, `to_time = "2024-01-01T08:20:00.015Z"`),
				Check: sentQueries(e, listPath("paged"),
					"from-time=1704096600000&limit=100&offset=0&to-time=1704097200015"),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{
					"id":    knownvalue.StringExact("c50b2c200c275f26"),
					"total": knownvalue.Int64Exact(10),
					"jobs":  withIDs("11", "12", "13", "14", "15", "16", "17", "18", "19", "20"),
				}),
			},
		},
	})
}

// Paging never trusts the server: a record seen on an earlier page is listed
// once, and a page that adds nothing new ends the read.
func TestEngineJobsDeduplication(t *testing.T) {
	e, url := acctest.Emulator(t)
	page := func(offset, body string) {
		e.Stub(emulator.Stub{Path: listPath("shifting"), Query: map[string]string{"offset": offset}, Body: body})
	}
	const (
		jobs12 = `{"total": 3, "data": [{"id": 1, "status": "Finished"}, {"id": 2, "status": "Finished"}]}`
		jobs23 = `{"total": 3, "data": [{"id": 2, "status": "Finished"}, {"id": 3, "status": "Executing"}]}`
	)
	provider := acctest.ProviderConfig(e, url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Job 2 moved from the first page to the second between the
				// two requests.
				PreConfig: func() {
					e.Reset()
					page("0", jobs12)
					page("2", jobs23)
				},
				Config: jobsConfig(provider, `engine_id = "shifting"`),
				Check:  sentQueries(e, listPath("shifting"), "limit=100&offset=0", "limit=100&offset=2"),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{
					"total": knownvalue.Int64Exact(3),
					"jobs":  withIDs("1", "2", "3"),
				}),
			},
			{
				// The server ignores the offset: the second page repeats the
				// first, and the read stops there instead of looping.
				PreConfig: func() {
					e.Reset()
					page("2", jobs12)
				},
				Config: jobsConfig(provider, `engine_id = "shifting"`),
				Check:  sentQueries(e, listPath("shifting"), "limit=100&offset=0", "limit=100&offset=2"),
				ConfigStateChecks: acctest.Attributes(listAddress, map[string]knownvalue.Check{
					"total": knownvalue.Int64Exact(2),
					"jobs":  withIDs("1", "2"),
				}),
			},
		},
	})
}

// status and type filter the jobs read, case-insensitively, each alone and
// together; they are not sent to the API. Each case is a data source of one
// configuration, so that one terraform run reads them all.
func TestEngineJobsFilters(t *testing.T) {
	e, url := acctest.Emulator(t)
	// Statuses cycle Finished, Finished, Executing, Error, Init, Finished,
	// Timeout, PreInit; types Create, Upgrade, Configure, Modify, Delete,
	// Updated.
	e.GenerateCSEJobs("filtered", 16)
	tests := []struct {
		name    string
		filters []string
		id      string // the digest of engine_id and the filters
		want    []string
	}{
		{"status", []string{`status = "error"`}, "70eed414f344539f", []string{"4", "12"}},
		{"type", []string{`type = "UPGRADE"`}, "ac4fdbea2cc51357", []string{"2", "8", "14"}},
		{"both", []string{`status = "Finished"`, `type = "upgrade"`}, "4236255af934ccdc", []string{"2", "14"}},
		{"none", []string{`status = "Deleted"`}, "6f6a2a2b3dd656e4", []string{}},
	}
	config := acctest.ProviderConfig(e, url)
	var checks []statecheck.StateCheck
	var queries []string
	for _, tt := range tests {
		config += dataSource("hwcjobs_cse_engine_jobs", tt.name, append([]string{`engine_id = "filtered"`}, tt.filters...)...)
		address := "data.hwcjobs_cse_engine_jobs." + tt.name
		checks = append(checks, acctest.Attributes(address, map[string]knownvalue.Check{
			"id":    knownvalue.StringExact(tt.id),
			"total": knownvalue.Int64Exact(int64(len(tt.want))),
			"jobs":  withIDs(tt.want...),
		})...)
		queries = append(queries, "limit=100&offset=0")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:         e.Reset,
			Config:            config,
			Check:             sentQueries(e, listPath("filtered"), queries...),
			ConfigStateChecks: checks,
		}},
	})
}

// Paging follows the server (SPEC "Values", rev. 2): 250 jobs served 20 a
// page with record offsets, with page numbers from 0 and from 1, and
// without a total, are each read in full, in order, with at most two
// requests more than the 13 pages.
func TestEngineJobsPagingFollowsTheServer(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.GenerateCSEJobs("paged", testkit.PagingRecords)
	provider := acctest.ProviderConfig(e, url)
	for _, v := range testkit.PagingVariants {
		step := resource.TestStep{
			PreConfig: func() {
				e.Reset()
				e.SetPaging(v.Paging)
			},
			Config: jobsConfig(provider, `engine_id = "paged"`),
			Check:  acctest.ExpectOffsets(e, listPath("paged"), v.Offsets),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(testkit.PagingRecords)),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs"), knownvalue.ListSizeExact(testkit.PagingRecords)),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact("1"),
					"type":       knownvalue.StringExact("Create"),
					"status":     knownvalue.StringExact("Finished"),
					"start_time": knownvalue.StringExact("2024-01-01T08:00:00.001Z"),
				})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(139), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("140"),
				})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(249), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact("250"),
					"type":       knownvalue.StringExact("Modify"),
					"status":     knownvalue.StringExact("Finished"),
					"start_time": knownvalue.StringExact("2024-01-01T12:09:00.25Z"),
				})),
			},
		}
		t.Run(v.Name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}
