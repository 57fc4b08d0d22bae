package dlf_test

import (
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

const (
	// listPath is the path of the list API under the emulator's project.
	listPath = "/v1/" + emulator.DefaultProjectID + "/jobs"

	pagingWorkspace   = "ws-paging"
	realTimeWorkspace = "ws-real-time"
	pagingJobs        = 230
)

// The example of the API page, every page of a long list, the filters, and
// the times of a job that has them all, read through terraform.
func TestAccDataArtsFactoryJobs(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	e.GenerateDLFJobs(pagingWorkspace, "BATCH", pagingJobs)
	e.AddDLFJob(realTimeWorkspace, emulator.DLFJob{
		Name: "stream-orders", JobType: "REAL_TIME", Owner: "ops", Priority: 1, Status: "NORMAL",
		CreateUser: "alice", CreateTime: time.UnixMilli(1700000000123),
		StartTime: time.UnixMilli(1700000060120), EndTime: time.UnixMilli(1700003600100),
		LastUpdateTime: time.UnixMilli(1700000030000), LastUpdateUser: "bob",
		Path: "/streams/orders", SingleNodeJobFlag: true,
	})
	provider := acctest.ProviderConfig(e, baseURL)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The page's example, alone in the default workspace: no
				// workspace header, and jobType BATCH although
				// process_type is unset.
				PreConfig: e.Reset,
				Config:    provider + `data "hwcjobs_dataarts_factory_jobs" "example" {}`,
				Check:     expectPages(e, "", url.Values{"jobType": {"BATCH"}}, 0),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("example", "id", knownvalue.StringExact("2c3ae5945c1b6282")),
					expect("example", "process_type", knownvalue.Null()),
					expect("example", "total", knownvalue.Int64Exact(1)),
					expect("example", "jobs", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":                   knownvalue.StringExact("myJob"),
							"process_type":           knownvalue.StringExact("BATCH"),
							"owner":                  knownvalue.StringExact("test_user"),
							"priority":               knownvalue.Int64Exact(0),
							"status":                 knownvalue.StringExact("SCHEDULING"),
							"created_by":             knownvalue.StringExact("test_user"),
							"created_at":             knownvalue.StringExact("2023-04-06T12:20:36Z"), // 1680783636000
							"start_time":             knownvalue.Null(),
							"end_time":               knownvalue.Null(),
							"last_instance_status":   knownvalue.StringExact("success"),
							"last_instance_end_time": knownvalue.StringExact("2023-04-26T14:30:07Z"), // 1682519407000
							"updated_at":             knownvalue.Null(),
							"updated_by":             knownvalue.StringExact("test_user"),
							"directory":              knownvalue.StringExact("/"),
							"is_single_task_job":     knownvalue.Bool(false),
						}),
					})),
				},
			},
			{
				// 230 jobs are three pages of 100: offsets 0, 100 and 200,
				// and no fourth request for an empty page, since the third
				// reaches the total.
				PreConfig: e.Reset,
				Config: provider + fmt.Sprintf(`data "hwcjobs_dataarts_factory_jobs" "paged" {
  workspace_id = %q
}`, pagingWorkspace),
				Check: expectPages(e, pagingWorkspace, url.Values{"jobType": {"BATCH"}}, 0, 100, 200),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("paged", "total", knownvalue.Int64Exact(pagingJobs)),
					expect("paged", "jobs", jobNames(1, pagingJobs, 1)),
					// One generated job in full: the fifth is a single-task
					// job in /folder-1.
					expect("paged", "jobs", knownvalue.ListPartial(map[int]knownvalue.Check{
						4: knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":                   knownvalue.StringExact("job-0005"),
							"process_type":           knownvalue.StringExact("BATCH"),
							"owner":                  knownvalue.StringExact("user_2"),
							"priority":               knownvalue.Int64Exact(2),
							"status":                 knownvalue.StringExact("STOPPED"),
							"created_by":             knownvalue.StringExact("generator"),
							"created_at":             knownvalue.StringExact("2024-01-01T13:00:00Z"),
							"start_time":             knownvalue.Null(),
							"end_time":               knownvalue.Null(),
							"last_instance_status":   knownvalue.StringExact("success"),
							"last_instance_end_time": knownvalue.StringExact("2024-01-01T14:00:00Z"),
							"updated_at":             knownvalue.StringExact("2024-01-01T13:30:00Z"),
							"updated_by":             knownvalue.StringExact("generator"),
							"directory":              knownvalue.StringExact("/folder-1"),
							"is_single_task_job":     knownvalue.Bool(true),
						}),
					})),
				},
			},
			{
				// The filters go to the API: name as jobName (which the API
				// matches as a substring), tags comma-joined. Jobs 0100 to
				// 0199 that are even and multiples of three: 0102, 0108, ...,
				// 0198, one page.
				PreConfig: e.Reset,
				Config: provider + fmt.Sprintf(`data "hwcjobs_dataarts_factory_jobs" "filtered" {
  workspace_id = %q
  process_type = "BATCH"
  name         = "job-01"
  tags         = ["even", "three"]
}`, pagingWorkspace),
				Check: expectPages(e, pagingWorkspace, url.Values{
					"jobType": {"BATCH"}, "jobName": {"job-01"}, "tags": {"even,three"},
				}, 0),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("filtered", "id", knownvalue.StringExact("b8d2cccfa878b7ae")),
					expect("filtered", "process_type", knownvalue.StringExact("BATCH")),
					expect("filtered", "total", knownvalue.Int64Exact(17)),
					expect("filtered", "jobs", jobNames(102, 198, 6)),
				},
			},
			{
				// A real-time job with every time set: start and end times
				// appear, and milliseconds are kept without trailing zeros.
				PreConfig: e.Reset,
				Config: provider + fmt.Sprintf(`data "hwcjobs_dataarts_factory_jobs" "real_time" {
  workspace_id = %q
  process_type = "REAL_TIME"
}`, realTimeWorkspace),
				Check: expectPages(e, realTimeWorkspace, url.Values{"jobType": {"REAL_TIME"}}, 0),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("real_time", "total", knownvalue.Int64Exact(1)),
					expect("real_time", "jobs", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":                   knownvalue.StringExact("stream-orders"),
							"process_type":           knownvalue.StringExact("REAL_TIME"),
							"owner":                  knownvalue.StringExact("ops"),
							"priority":               knownvalue.Int64Exact(1),
							"status":                 knownvalue.StringExact("NORMAL"),
							"created_by":             knownvalue.StringExact("alice"),
							"created_at":             knownvalue.StringExact("2023-11-14T22:13:20.123Z"),
							"start_time":             knownvalue.StringExact("2023-11-14T22:14:20.12Z"),
							"end_time":               knownvalue.StringExact("2023-11-14T23:13:20.1Z"),
							"last_instance_status":   knownvalue.Null(),
							"last_instance_end_time": knownvalue.Null(),
							"updated_at":             knownvalue.StringExact("2023-11-14T22:13:50Z"),
							"updated_by":             knownvalue.StringExact("bob"),
							"directory":              knownvalue.StringExact("/streams/orders"),
							"is_single_task_job":     knownvalue.Bool(true),
						}),
					})),
				},
			},
		},
	})
}

// Failures stop the plan with a diagnostic and without retries: a value the
// API does not know is refused before any request, and a 400 of the API is
// shown with its code and message after one request.
func TestAccDataArtsFactoryJobsErrors(t *testing.T) {
	tests := []struct {
		name         string
		setup        func(e *emulator.Emulator)
		arguments    string
		want         []string // the summary, then parts of the detail
		wantRequests int
	}{
		{
			name:      "process type STREAM",
			arguments: `process_type = "STREAM"`,
			want: []string{"Invalid Attribute Value Match",
				`Attribute process_type value must be one of: ["BATCH" "REAL_TIME"], got: "STREAM"`},
		},
		{
			// The failure example of the API page.
			name: "400 of the API",
			setup: func(e *emulator.Emulator) {
				e.Stub(emulator.Stub{Path: listPath, Status: 400, Body: emulator.ExampleDLFError})
			},
			arguments: `workspace_id = "ws-1"`,
			want: []string{"API Error", "Reading the DataArts Factory job list of workspace ws-1 failed.",
				"DataArts Studio DLF GET " + listPath + ": HTTP 400 Bad Request: DLF.3051: The request parameter is invalid."},
			wantRequests: 1,
		},
		{
			// timeouts.read bounds the whole read, retries included: the
			// read does not wait the minute that the API asks for.
			name: "timeouts.read during a retry",
			setup: func(e *emulator.Emulator) {
				e.Inject(emulator.Fault{Path: listPath, Status: 503, RetryAfter: "60"})
			},
			arguments: `timeouts = { read = "1s" }`,
			want: []string{"Timed Out", "Reading the DataArts Factory job list did not finish within timeouts.read (1s).",
				"timeouts.read (1s) passed while this request waited to retry after attempt 1,"},
			wantRequests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, baseURL := acctest.Emulator(t)
			if tt.setup != nil {
				tt.setup(e)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      acctest.ProviderConfig(e, baseURL) + "data \"hwcjobs_dataarts_factory_jobs\" \"failing\" {\n" + tt.arguments + "\n}\n",
					ExpectError: acctest.ErrorTexts(tt.want...),
				}},
			})
			if got := e.Count(listPath); got != tt.wantRequests {
				t.Errorf("%d requests, want %d", got, tt.wantRequests)
			}
		})
	}
}

// expect checks an attribute of data.hwcjobs_dataarts_factory_jobs.<name>.
func expect(name, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.hwcjobs_dataarts_factory_jobs."+name, tfjsonpath.New(attribute), want)
}

// jobNames is a list of generated jobs job-<from>, job-<from+step>, ... up to
// job-<to>, in that order, checked by name.
func jobNames(from, to, step int) knownvalue.Check {
	var names []knownvalue.Check
	for i := from; i <= to; i += step {
		names = append(names, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(fmt.Sprintf("job-%04d", i)),
		}))
	}
	return knownvalue.ListExact(names)
}

// expectPages checks the requests since the last Reset: one per page at the
// given offsets, each asking for 100 jobs with exactly the query parameters
// of query, and the workspace header only when a workspace is set.
//
// Checks run after terraform's plan and apply; the plan reads the data
// source once and applying that plan does not read it again, so the
// requests seen are those of a single read.
func expectPages(e *emulator.Emulator, workspace string, query url.Values, offsets ...int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		requests := e.Requests()
		if len(requests) != len(offsets) {
			return fmt.Errorf("%d requests, want %d (offsets %v)", len(requests), len(offsets), offsets)
		}
		for i, r := range requests {
			want := url.Values{"offset": {strconv.Itoa(offsets[i])}, "limit": {"100"}}
			for k, v := range query {
				want[k] = v
			}
			if r.Path != listPath || !reflect.DeepEqual(r.Query, want) {
				return fmt.Errorf("request %d: %s?%s, want %s?%s", i+1, r.Path, r.Query.Encode(), listPath, want.Encode())
			}
			if got := r.Header.Values("workspace"); (workspace == "" && len(got) != 0) || (workspace != "" && !reflect.DeepEqual(got, []string{workspace})) {
				return fmt.Errorf("request %d: workspace header %q, want %q", i+1, got, workspace)
			}
		}
		return nil
	}
}

// Paging follows the server (SPEC "Values", rev. 2): 250 jobs served 20 a
// page with record offsets, with page numbers from 0 and from 1, and
// without a total, are each read in full, in order, with at most two
// requests more than the 13 pages.
func TestAccDataArtsFactoryJobsPagingFollowsTheServer(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.GenerateDLFJobs(pagingWorkspace, "BATCH", testkit.PagingRecords)
	provider := acctest.ProviderConfig(e, baseURL)
	job := func(i int, owner string, priority int64, status, createdAt, lastInstanceStatus string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name":                 knownvalue.StringExact(fmt.Sprintf("job-%04d", i)),
			"owner":                knownvalue.StringExact(owner),
			"priority":             knownvalue.Int64Exact(priority),
			"status":               knownvalue.StringExact(status),
			"created_at":           knownvalue.StringExact(createdAt),
			"last_instance_status": knownvalue.StringExact(lastInstanceStatus),
		})
	}
	for _, v := range testkit.PagingVariants {
		step := resource.TestStep{
			PreConfig: func() {
				e.Reset()
				e.SetPaging(v.Paging)
			},
			Config: provider + fmt.Sprintf(`data "hwcjobs_dataarts_factory_jobs" "paged" {
  workspace_id = %q
}`, pagingWorkspace),
			Check: acctest.ExpectOffsets(e, listPath, v.Offsets),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("paged", "total", knownvalue.Int64Exact(testkit.PagingRecords)),
				expect("paged", "jobs", jobNames(1, testkit.PagingRecords, 1)),
				expect("paged", "jobs", knownvalue.ListPartial(map[int]knownvalue.Check{
					0:   job(1, "user_1", 1, "SCHEDULING", "2024-01-01T09:00:00Z", "success"),
					249: job(250, "user_1", 1, "SCHEDULING", "2024-01-11T18:00:00Z", "fail"),
				})),
			},
		}
		t.Run(v.Name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}
