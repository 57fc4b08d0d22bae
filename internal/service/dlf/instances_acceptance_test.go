package dlf_test

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

const (
	instancesPath = "/v1/" + emulator.DefaultProjectID + "/jobs/instances/detail"
	runsAddress   = "data.hwcjobs_dataarts_factory_job_instances.test"
	runAddress    = "data.hwcjobs_dataarts_factory_job_instance.test"
)

func instancePath(job string, id int64) string {
	return "/v1/" + emulator.DefaultProjectID + "/jobs/" + job + "/instances/" + strconv.FormatInt(id, 10)
}

func block(typ string, args ...string) string {
	return fmt.Sprintf("data %q \"test\" {\n  %s\n}\n", typ, strings.Join(args, "\n  "))
}

// requests checks the requests since the last Reset: their paths, in
// order, and with query, the query of the list requests.
func requests(e *emulator.Emulator, paths []string, query func(i int, q url.Values) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := e.Requests()
		var gotPaths []string
		for _, r := range got {
			gotPaths = append(gotPaths, r.Path)
		}
		if !reflect.DeepEqual(gotPaths, paths) {
			return fmt.Errorf("requests %q, want %q", gotPaths, paths)
		}
		for i, r := range got {
			if query != nil && r.Path == instancesPath {
				if err := query(i, r.Query); err != nil {
					return fmt.Errorf("request %d (%s): %w", i+1, r.Query.Encode(), err)
				}
			}
		}
		return nil
	}
}

func repeat(path string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = path
	}
	return out
}

// The fact sheet's list example, byte for byte, becomes exactly these
// runs; the arguments are sent as the API names them.
func TestAccJobInstancesExample(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	config := acctest.ProviderConfig(e, baseURL) + block("hwcjobs_dataarts_factory_job_instances",
		`job_name = "etl_orders_daily"`, `exact_name = true`,
		`min_plan_time = "2025-06-02T00:00:00Z"`, `max_plan_time = "2025-06-03T08:00:00+08:00"`)
	want := url.Values{
		"jobName": {"etl_orders_daily"}, "preciseQuery": {"true"}, "offset": {"0"}, "limit": {"100"},
		"minPlanTime": {strconv.Itoa(emulator.ExampleDLFInstancesFrom)}, "maxPlanTime": {strconv.Itoa(emulator.ExampleDLFInstancesTo)},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config:    config,
			Check: requests(e, []string{instancesPath}, func(_ int, q url.Values) error {
				if !reflect.DeepEqual(q, want) {
					return fmt.Errorf("want %s", want.Encode())
				}
				return nil
			}),
			ConfigStateChecks: acctest.Attributes(runsAddress, map[string]knownvalue.Check{
				"id": knownvalue.StringExact(convert.ListID("", "etl_orders_daily", "true", "", "",
					"2025-06-02T00:00:00Z", "2025-06-03T08:00:00+08:00")),
				"workspace_id":  knownvalue.Null(),
				"status":        knownvalue.Null(),
				"instance_type": knownvalue.Null(),
				"total":         knownvalue.Int64Exact(2),
				"instances": knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":             knownvalue.StringExact("3312771"),
						"job_name":       knownvalue.StringExact("etl_orders_daily"),
						"job_id":         knownvalue.StringExact("1046"),
						"name":           knownvalue.StringExact("etl_orders_daily"),
						"status":         knownvalue.StringExact("success"),
						"plan_time":      knownvalue.StringExact("2025-06-02T00:00:00Z"),
						"submit_time":    knownvalue.StringExact("2025-06-02T00:00:00.12Z"),
						"start_time":     knownvalue.StringExact("2025-06-02T00:00:01Z"),
						"end_time":       knownvalue.StringExact("2025-06-02T00:04:48Z"),
						"duration_ms":    knownvalue.Int64Exact(287000),
						"instance_type":  knownvalue.Int64Exact(0),
						"version":        knownvalue.Int64Exact(7),
						"force_success":  knownvalue.Bool(false),
						"ignore_success": knownvalue.Bool(false),
						"error_message":  knownvalue.StringExact(""),
						"done":           knownvalue.Bool(true),
						"succeeded":      knownvalue.Bool(true),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":             knownvalue.StringExact("3313905"),
						"job_name":       knownvalue.StringExact("etl_orders_daily"),
						"job_id":         knownvalue.StringExact("1046"),
						"name":           knownvalue.StringExact("etl_orders_daily"),
						"status":         knownvalue.StringExact("running"),
						"plan_time":      knownvalue.StringExact("2025-06-03T00:00:00Z"),
						"submit_time":    knownvalue.StringExact("2025-06-03T00:00:00.09Z"),
						"start_time":     knownvalue.StringExact("2025-06-03T00:00:01Z"),
						"end_time":       knownvalue.Null(),
						"duration_ms":    knownvalue.Int64Exact(52000),
						"instance_type":  knownvalue.Int64Exact(2),
						"version":        knownvalue.Int64Exact(7),
						"force_success":  knownvalue.Bool(false),
						"ignore_success": knownvalue.Bool(false),
						"error_message":  knownvalue.Null(),
						"done":           knownvalue.Bool(false),
						"succeeded":      knownvalue.Bool(false),
					}),
				}),
			}),
		}},
	})
}

// A long list is read page by page, 100 runs a page, with the filters in
// every request and the workspace header; a list that repeats runs keeps
// one of each.
func TestAccJobInstancesPages(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	base := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	for i := range 250 {
		e.AddDLFInstance("ws-runs", emulator.DLFInstance{
			JobName: "hourly", JobID: 5, InstanceID: int64(1000 + i), Status: []string{"success", "fail"}[i%2],
			PlanTime: base.Add(time.Duration(i) * time.Minute), EndTime: base.Add(time.Duration(i)*time.Minute + time.Second),
			InstanceType: i % 3,
		})
	}
	config := acctest.ProviderConfig(e, baseURL) + block("hwcjobs_dataarts_factory_job_instances",
		`workspace_id = "ws-runs"`, `job_name = "hour"`, `min_plan_time = "2025-06-02T00:00:00Z"`, `max_plan_time = "2025-06-03T00:00:00Z"`)
	filtered := acctest.ProviderConfig(e, baseURL) + block("hwcjobs_dataarts_factory_job_instances",
		`workspace_id = "ws-runs"`, `status = "fail"`, `instance_type = 0`,
		`min_plan_time = "2025-06-02T00:00:00Z"`, `max_plan_time = "2025-06-03T00:00:00Z"`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config:    config,
				Check: resource.ComposeTestCheckFunc(
					requests(e, repeat(instancesPath, 3), func(i int, q url.Values) error {
						if q.Get("offset") != strconv.Itoa(100*i) || q.Get("limit") != "100" || q.Get("jobName") != "hour" || q.Has("preciseQuery") {
							return fmt.Errorf("want offset %d, limit 100, jobName hour, no preciseQuery", 100*i)
						}
						return nil
					}),
					func(*terraform.State) error {
						for _, r := range e.Requests() {
							if r.Header.Get("workspace") != "ws-runs" {
								return fmt.Errorf("workspace header %q", r.Header.Get("workspace"))
							}
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances").AtSliceIndex(249).AtMapKey("id"), knownvalue.StringExact("1249")),
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances").AtSliceIndex(249).AtMapKey("done"), knownvalue.Bool(true)),
				},
			},
			{
				// Runs 1003, 1009, ...: fail and scheduled, i%6 == 3.
				PreConfig: e.Reset,
				Config:    filtered,
				Check: requests(e, []string{instancesPath}, func(_ int, q url.Values) error {
					if q.Get("status") != "fail" || q.Get("instanceType") != "0" || q.Has("jobName") {
						return fmt.Errorf("want status fail, instanceType 0 and no jobName")
					}
					return nil
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(42)),
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact("1003")),
					statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("succeeded"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

// A window the API would refuse is a configuration error, before any
// request; so is a timestamp that is not RFC 3339.
func TestAccJobInstancesWindowValidation(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	provider := acctest.ProviderConfig(e, baseURL)
	window := func(from, to string) string {
		return provider + block("hwcjobs_dataarts_factory_job_instances", `min_plan_time = "`+from+`"`, `max_plan_time = "`+to+`"`)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: window("2025-06-01T00:00:00Z", "2025-06-08T00:00:00.001Z"),
				ExpectError: acctest.ErrorTexts("Invalid Plan-Time Window",
					"The window from min_plan_time (2025-06-01T00:00:00Z) to max_plan_time (2025-06-08T00:00:00.001Z) spans 168h0m0.001s; the API accepts at most 7 days."),
			},
			{
				Config:      window("2025-06-02T00:00:00Z", "2025-06-02T07:59:59+08:00"),
				ExpectError: acctest.ErrorTexts("Invalid Plan-Time Window", "max_plan_time (2025-06-02T07:59:59+08:00) is before min_plan_time (2025-06-02T00:00:00Z)."),
			},
			{
				Config:      window("2025-06-02", "2025-06-03T00:00:00Z"),
				ExpectError: acctest.ErrorTexts("Invalid Timestamp", `"2025-06-02" is not an RFC 3339 timestamp.`),
			},
		},
	})
	if n := e.Count(""); n != 0 {
		t.Errorf("invalid windows still sent %d requests", n)
	}
}

// The fact sheet's detail example, byte for byte, becomes exactly these
// attributes, with one request; waiting on it fails with its failed node.
func TestAccJobInstanceExample(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	provider := acctest.ProviderConfig(e, baseURL)
	config := provider + block("hwcjobs_dataarts_factory_job_instance", `job_name = "etl_orders_daily"`, `instance_id = "3312771"`)
	node := func(name, typ, status, queue, start, end string, retries, rows int64, speed float64, done, succeeded bool) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "type": knownvalue.StringExact(typ), "status": knownvalue.StringExact(status),
			"queue": knownvalue.StringExact(queue), "plan_time": knownvalue.StringExact("2025-06-02T00:00:00Z"),
			"start_time": knownvalue.StringExact(start), "end_time": knownvalue.StringExact(end),
			"retry_times": knownvalue.Int64Exact(retries), "input_row_count": knownvalue.Int64Exact(rows),
			"speed":    knownvalue.Float64Exact(speed),
			"log_path": knownvalue.StringExact("obs://dlf-log-xxxx/etl_orders_daily/" + name + ".log"),
			"done":     knownvalue.Bool(done), "succeeded": knownvalue.Bool(succeeded),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config:    config,
				Check:     requests(e, []string{instancePath("etl_orders_daily", 3312771)}, nil),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"workspace_id":        knownvalue.Null(),
					"job_name":            knownvalue.StringExact("etl_orders_daily"),
					"instance_id":         knownvalue.StringExact("3312771"),
					"wait_for_completion": knownvalue.Null(),
					"fail_on_error":       knownvalue.Null(),
					"poll_interval":       knownvalue.Null(),
					"timeouts":            knownvalue.Null(),
					"id":                  knownvalue.StringExact("3312771"),
					"status":              knownvalue.StringExact("fail"),
					"plan_time":           knownvalue.StringExact("2025-06-02T00:00:00Z"),
					"start_time":          knownvalue.StringExact("2025-06-02T00:00:01Z"),
					"end_time":            knownvalue.StringExact("2025-06-02T00:01:40Z"),
					"duration_ms":         knownvalue.Int64Exact(99000),
					"instance_type":       knownvalue.Int64Exact(0),
					"force_success":       knownvalue.Bool(false),
					"ignore_success":      knownvalue.Bool(false),
					"done":                knownvalue.Bool(true),
					"succeeded":           knownvalue.Bool(false),
					"nodes": knownvalue.ListExact([]knownvalue.Check{
						node("load_to_dws", "CDMJob", "success", "", "2025-06-02T00:00:01Z", "2025-06-02T00:01:10Z", 0, 120034, 1714.7, true, true),
						node("aggregate", "DLISQL", "fail", "sql_queue_a", "2025-06-02T00:01:11Z", "2025-06-02T00:01:40Z", 1, 0, 0, true, false),
					}),
				}),
			},
			{
				Config: provider + block("hwcjobs_dataarts_factory_job_instance", `job_name = "etl_orders_daily"`, `instance_id = "3312771"`,
					`wait_for_completion = true`),
				ExpectError: acctest.ErrorTexts("Job Failed",
					"DataArts Factory job etl_orders_daily (run 3312771) ended with status fail: "+
						"node aggregate (DLISQL) failed, log obs://dlf-log-xxxx/etl_orders_daily/aggregate.log"),
			},
		},
	})
}

// latestRuns adds runs of job "nightly" to workspace ws, in an order that
// is not that of their plan times: the latest, 9103, is neither first nor
// last in the list. It runs, then succeeds, one status per poll of its
// detail. A run of "nightly_copy" (another job whose name contains
// "nightly") and a run older than 7 days are later or earlier decoys.
func latestRuns(e *emulator.Emulator, ws string, now time.Time, last string) {
	run := func(id int64, job string, plan time.Duration, status string) emulator.DLFInstance {
		return emulator.DLFInstance{JobName: job, JobID: 9, InstanceID: id, Status: status, PlanTime: now.Add(-plan),
			EndTime: now.Add(-plan + time.Minute)}
	}
	e.AddDLFInstance(ws, run(9101, "nightly", 3*time.Hour, "success"))
	latest := run(9103, "nightly", time.Hour, "")
	latest.EndTime = time.Time{}
	latest.ErrorMessage = "Hive: table orders_stage is locked"
	latest.Nodes = []emulator.DLFNode{
		{Name: "stage", Type: "Shell", Status: "success", LogPath: "obs://logs/nightly/stage.log"},
		{Name: "merge", Type: "HiveSQL", LogPath: "obs://logs/nightly/merge.log"},
	}
	latest.Progress = emulator.Progress{Statuses: []string{"running", "running", last}}
	e.AddDLFInstance(ws, latest)
	e.AddDLFInstance(ws, run(9102, "nightly", 2*time.Hour, "fail"))
	e.AddDLFInstance(ws, run(9201, "nightly_copy", time.Minute, "running"))
	e.AddDLFInstance(ws, run(9001, "nightly", 8*24*time.Hour, "running"))
}

// Without instance_id the latest run is read: one list request over the
// last 7 days, the run with the latest plan time whatever the list order,
// then its detail; a wait keeps to that run, polling its detail only.
func TestAccJobInstanceLatest(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	// A workspace per step: terraform reads data sources again after a
	// step's checks, which moves the runs on.
	latestRuns(e, "ws-once", time.Now(), "success")
	latestRuns(e, "ws-ok", time.Now(), "success")
	latestRuns(e, "ws-fail", time.Now(), "fail")
	provider := acctest.ProviderConfig(e, baseURL)
	latest := func(ws string, extra ...string) string {
		return provider + block("hwcjobs_dataarts_factory_job_instance",
			append([]string{`workspace_id = "` + ws + `"`, `job_name = "nightly"`}, extra...)...)
	}
	detail := instancePath("nightly", 9103)
	listQuery := func(_ int, q url.Values) error {
		from, errFrom := strconv.ParseInt(q.Get("minPlanTime"), 10, 64)
		to, errTo := strconv.ParseInt(q.Get("maxPlanTime"), 10, 64)
		if errFrom != nil || errTo != nil || to-from != (7*24*time.Hour).Milliseconds() {
			return fmt.Errorf("want a window of exactly 7 days")
		}
		if q.Get("jobName") != "nightly" || q.Get("preciseQuery") != "true" || q.Get("limit") != "1000" || q.Get("offset") != "0" {
			return fmt.Errorf("want jobName nightly, preciseQuery true, limit 1000, offset 0")
		}
		return nil
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Read once: the first poll shows it running.
				PreConfig: e.Reset,
				Config:    latest("ws-once"),
				Check:     requests(e, []string{instancesPath, detail}, listQuery),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"instance_id": knownvalue.StringExact("9103"),
					"id":          knownvalue.StringExact("9103"),
					"status":      knownvalue.StringExact("running"),
					"end_time":    knownvalue.Null(),
					"done":        knownvalue.Bool(false),
					"nodes": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("stage"), "status": knownvalue.StringExact("success")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("merge"), "status": knownvalue.StringExact("running")}),
					}),
				}),
			},
			{
				// Running, running, success: done at the third poll.
				PreConfig: e.Reset,
				Config:    latest("ws-ok", `wait_for_completion = true`, `poll_interval = "100ms"`),
				Check:     requests(e, append([]string{instancesPath}, repeat(detail, 3)...), listQuery),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"instance_id": knownvalue.StringExact("9103"),
					"status":      knownvalue.StringExact("success"),
					"end_time":    knownvalue.NotNull(),
					"done":        knownvalue.Bool(true),
					"succeeded":   knownvalue.Bool(true),
				}),
			},
			{
				// Running, running, fail: the failed node with its log. The
				// list showed the run running, without an errorMessage.
				PreConfig: e.Reset,
				Config:    latest("ws-fail", `wait_for_completion = true`, `poll_interval = "100ms"`),
				ExpectError: acctest.ErrorTexts("Job Failed",
					"DataArts Factory job nightly (latest run) in workspace ws-fail ended with status fail: "+
						"run 9103: node merge (HiveSQL) failed, log obs://logs/nightly/merge.log"),
			},
			{
				// Now the list gives the run failed, with its errorMessage.
				Config: latest("ws-fail", `wait_for_completion = true`, `poll_interval = "100ms"`),
				ExpectError: acctest.ErrorTexts("Job Failed",
					"run 9103: node merge (HiveSQL) failed, log obs://logs/nightly/merge.log; Hive: table orders_stage is locked"),
			},
		},
	})
}

// A job without a run in the last 7 days, an unknown run and an unknown
// job are not found; so is a run the API has forgotten since the wait
// began. DataArts' errors come with either key casing.
func TestAccJobInstanceNotFound(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	now := time.Now()
	e.AddDLFInstance("ws", emulator.DLFInstance{JobName: "old", InstanceID: 1, Status: "success", PlanTime: now.Add(-8 * 24 * time.Hour)})
	e.AddDLFInstance("ws", emulator.DLFInstance{JobName: "purged", InstanceID: 2, Status: "running", PlanTime: now.Add(-time.Hour),
		Purge: emulator.Purge{Polls: 1}})
	e.AddDLFInstance("camel", emulator.DLFInstance{JobName: "old", InstanceID: 1, Status: "success", PlanTime: now.Add(-8 * 24 * time.Hour)})
	e.UseCamelCaseDLFErrors("camel", true)
	provider := acctest.ProviderConfig(e, baseURL)
	run := func(ws string, args ...string) string {
		return provider + block("hwcjobs_dataarts_factory_job_instance", append([]string{`workspace_id = "` + ws + `"`}, args...)...)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: run("ws", `job_name = "old"`),
				ExpectError: acctest.ErrorTexts("Not Found",
					"DataArts Factory job old (latest run) in workspace ws was not found.", "set allow_missing = true",
					"the job has no run planned in the last 7 days", "set instance_id to read an older run"),
			},
			{
				Config: run("ws", `job_name = "old"`, `instance_id = "7"`),
				ExpectError: acctest.ErrorTexts("Not Found", "DataArts Factory job old (run 7) in workspace ws was not found.",
					"HTTP 400 Bad Request: DLF.0137: The job instance does not exist."),
			},
			{
				Config: run("ws", `job_name = "nothing"`, `instance_id = "1"`),
				ExpectError: acctest.ErrorTexts("Not Found", "DataArts Factory job nothing (run 1) in workspace ws was not found.",
					"HTTP 400 Bad Request: DLF.0100: The job does not exist."),
			},
			{
				// The API definition's key casing, errorCode and errorMsg.
				Config:      run("camel", `job_name = "nothing"`, `instance_id = "1"`),
				ExpectError: acctest.ErrorTexts("Not Found", "HTTP 400 Bad Request: DLF.0100: The job does not exist."),
			},
			{
				// With allow_missing: found = false, at once, for DLF.0100 ...
				PreConfig: e.Reset,
				Config: run("ws", `job_name = "nothing"`, `instance_id = "1"`, `allow_missing = true`,
					`wait_for_completion = true`, `poll_interval = "100ms"`),
				Check: requests(e, []string{instancePath("nothing", 1)}, nil),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(false), "id": knownvalue.Null(), "status": knownvalue.Null(),
					"nodes": knownvalue.Null(), "done": knownvalue.Null(), "instance_id": knownvalue.StringExact("1"),
				}),
			},
			{
				// ... for DLF.0137, a run that the job no longer has ...
				Config: run("ws", `job_name = "old"`, `instance_id = "7"`, `allow_missing = true`),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(false), "instance_id": knownvalue.StringExact("7"), "status": knownvalue.Null(),
				}),
			},
			{
				// ... but never for a workspace that does not exist
				// (DLF.0819): a misspelt workspace_id stays an error.
				PreConfig: e.Reset,
				Config:    run("wz", `job_name = "old"`, `instance_id = "1"`, `allow_missing = true`),
				ExpectError: acctest.ErrorTexts("Workspace Not Found", "Reading DataArts Factory job old (run 1) in workspace wz failed: "+
					"DataArts Studio DLF says that the workspace does not exist. Check workspace_id (allow_missing does not apply",
					"HTTP 400 Bad Request: DLF.0819: The workspace wz does not exist."),
			},
			{
				// ... and for a job without a run in the last 7 days.
				Config: run("ws", `job_name = "old"`, `allow_missing = true`),
				ConfigStateChecks: acctest.Attributes(runAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(false), "instance_id": knownvalue.Null(), "plan_time": knownvalue.Null(),
				}),
			},
			{
				// Its first poll reads it; the second finds it gone.
				Config:      run("ws", `job_name = "purged"`, `wait_for_completion = true`, `poll_interval = "100ms"`),
				ExpectError: acctest.ErrorTexts("Not Found", "DataArts Factory job purged (latest run) in workspace ws was not found.", "DLF.0100"),
			},
		},
	})
}
