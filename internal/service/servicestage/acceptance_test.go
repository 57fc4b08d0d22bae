package servicestage_test

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

// jobsPath is the path of the show API under the emulator's project, without
// the job id.
const jobsPath = "/v3/" + emulator.DefaultProjectID + "/cas/jobs/"

const (
	upperCaseJob = "JOB-upper-case"
	unsortedJob  = "JOB-unsorted"
	manyTasksJob = "JOB-many-tasks"
	manyTasks    = 250
	waitedJob    = "JOB-waited"
	failedJob    = "JOB-failed"
	stuckJob     = "JOB-stuck"

	failureMessages = "Deploy failed: image swr.cn-north-4.myhuaweicloud.com/demo/app:1.2 does not exist"
)

// Reading a job once: the page's example, the keys of the page's tables, tasks
// that arrive out of order, and every page of many tasks.
func TestAccServiceStageJob(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	// at is a time in milliseconds after 2024-06-07T09:00:00Z.
	at := func(ms int) time.Time { return time.Date(2024, 6, 7, 9, 0, 0, ms*1e6, time.UTC) }
	e.AddServiceStageJob(emulator.ServiceStageJob{
		ID: upperCaseJob, Type: "DEPROVISION", Status: "RUNNING", UpperCaseKeys: true,
		OrderID: "CS2406070900ABCDE", ServiceInstanceID: "b6e1a7c2-3f4d-4e5a-9b8c-7d6e5f4a3b2c",
		Tasks: []emulator.ServiceStageTask{
			{ID: "Task-stop", Index: 2, Name: "VMAPP_STOP_001", CreatedAt: at(1500), UpdatedAt: at(2000)},
			{ID: "Task-prepare", Index: 1, Name: "VMAPP_CONTEXT_PREPARE_01", Status: "SUCCEEDED",
				CreatedAt: at(250), UpdatedAt: at(1500), Messages: `{"step":"prepared"}`},
		},
	})
	// The emulator sorts tasks itself; a canned answer sends them out of order.
	e.Stub(emulator.Stub{Path: jobsPath + unsortedJob, Body: `{
  "job": {"execution_status": "SUCCEEDED", "job_id": "JOB-unsorted", "job_type": "DAILY_OPERATION"},
  "tasks": [
    {"task_id": "Task-c", "task_index": 3, "task_name": "C", "task_status": "SUCCEEDED", "messages": "{}"},
    {"task_id": "Task-a", "task_index": 1, "task_name": "A", "task_status": "SUCCEEDED", "messages": "{}"},
    {"task_id": "Task-b", "task_index": 2, "task_name": "B", "task_status": "SUCCEEDED", "messages": "{}"}
  ],
  "task_count": 3
}`})
	var tasks []emulator.ServiceStageTask
	for i := 1; i <= manyTasks; i++ {
		tasks = append(tasks, emulator.ServiceStageTask{ID: fmt.Sprintf("Task-%03d", i), Index: int64(i), Name: fmt.Sprintf("STEP_%03d", i)})
	}
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: manyTasksJob, Type: "PROVISION", Status: "SUCCEEDED", Tasks: tasks})
	provider := acctest.ProviderConfig(e, baseURL)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + jobConfig("example", emulator.ExampleServiceStageJobID, "") +
					jobConfig("upper_case", upperCaseJob, "") + jobConfig("unsorted", unsortedJob, ""),
				ConfigStateChecks: concat(
					expectJob("example", wantJob{
						id: emulator.ExampleServiceStageJobID, status: "SUCCEEDED", jobType: "PROVISION",
						taskCount: 2, done: true, succeeded: true,
						tasks: []wantTask{
							{"Task-af75dd60-0b04-4f4b-b669-0bad38fcdd97", 4, "VMAPP_CONTEXT_PREPARE_01", "SUCCEEDED",
								"2024-06-06T15:55:31.115Z", "2024-06-06T15:55:31.136Z", "{}"},
							{"Task-50110d26-3973-49e1-95d3-d46755e865af", 5, "VMAPP_UPGRADE_002", "SUCCEEDED",
								"2024-06-06T15:55:31.136Z", "2024-06-06T15:55:31.36Z", "{}"},
						},
					}),
					expectJob("upper_case", wantJob{
						id: upperCaseJob, status: "RUNNING", jobType: "DEPROVISION",
						orderID: "CS2406070900ABCDE", serviceInstanceID: "b6e1a7c2-3f4d-4e5a-9b8c-7d6e5f4a3b2c",
						taskCount: 2,
						tasks: []wantTask{
							{"Task-prepare", 1, "VMAPP_CONTEXT_PREPARE_01", "SUCCEEDED",
								"2024-06-07T09:00:00.25Z", "2024-06-07T09:00:01.5Z", `{"step":"prepared"}`},
							{"Task-stop", 2, "VMAPP_STOP_001", "RUNNING", "2024-06-07T09:00:01.5Z", "2024-06-07T09:00:02Z", "{}"},
						},
					}),
					expectJob("unsorted", wantJob{
						id: unsortedJob, status: "SUCCEEDED", jobType: "DAILY_OPERATION", taskCount: 3, done: true, succeeded: true,
						tasks: []wantTask{
							{"Task-a", 1, "A", "SUCCEEDED", "", "", "{}"},
							{"Task-b", 2, "B", "SUCCEEDED", "", "", "{}"},
							{"Task-c", 3, "C", "SUCCEEDED", "", "", "{}"},
						},
					}),
				),
			},
			{
				// 250 tasks are three pages of 100, and the third reaches
				// task_count: no request for an empty fourth page.
				PreConfig: e.Reset,
				Config:    provider + jobConfig("many_tasks", manyTasksJob, ""),
				Check:     expectRequests(e, manyTasksJob, 0, 100, 200),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("many_tasks", "task_count", knownvalue.Int64Exact(manyTasks)),
					expect("many_tasks", "tasks", taskIndexes(manyTasks)),
				},
			},
		},
	})
}

// Waiting for a job: until it succeeds, until it fails (an error, or the
// failed job with fail_on_error = false), until the timeout; and a job that
// does not exist.
func TestAccServiceStageJobWait(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	twoTasks := []emulator.ServiceStageTask{
		{ID: "Task-1", Index: 1, Name: "VMAPP_CONTEXT_PREPARE_01", Status: "SUCCEEDED"},
		{ID: "Task-2", Index: 2, Name: "VMAPP_DEPLOY_001"},
	}
	// Per-poll progress: each read of the job shows the next status.
	e.AddServiceStageJob(emulator.ServiceStageJob{
		ID: waitedJob, Type: "PROVISION", Tasks: twoTasks,
		Progress: emulator.Progress{Statuses: []string{"SUBMITTED", "RUNNING", "RUNNING", "SUCCEEDED"}},
	})
	e.AddServiceStageJob(emulator.ServiceStageJob{
		ID: failedJob, Type: "PROVISION", Tasks: twoTasks, FailureMessages: failureMessages,
		Progress: emulator.Progress{Statuses: []string{"RUNNING", "FAILED"}},
	})
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: stuckJob, Type: "PROVISION", Status: "RUNNING", Tasks: twoTasks})
	provider := acctest.ProviderConfig(e, baseURL)
	const waitFor = `
  wait_for_completion = true
  poll_interval       = "100ms"`

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The fourth poll sees SUCCEEDED.
				PreConfig: e.Reset,
				Config:    provider + jobConfig("waited", waitedJob, waitFor),
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRequests(e, waitedJob, 0, 0, 0, 0),
					expectPollsApart(e, 100*time.Millisecond),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("waited", "execution_status", knownvalue.StringExact("SUCCEEDED")),
					expect("waited", "done", knownvalue.Bool(true)),
					expect("waited", "succeeded", knownvalue.Bool(true)),
				},
			},
			{
				Config: provider + jobConfig("failed", failedJob, waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed",
					"ServiceStage job "+failedJob+" ended with status FAILED: "+failureMessages,
					"Set fail_on_error = false"),
			},
			{
				Config: provider + jobConfig("failed", failedJob, waitFor+"\n  fail_on_error = false"),
				ConfigStateChecks: expectJob("failed", wantJob{
					id: failedJob, status: "FAILED", jobType: "PROVISION", taskCount: 2, done: true,
					tasks: []wantTask{
						{"Task-1", 1, "VMAPP_CONTEXT_PREPARE_01", "SUCCEEDED", "", "", "{}"},
						{"Task-2", 2, "VMAPP_DEPLOY_001", "FAILED", "", "", failureMessages},
					},
				}),
			},
			{
				Config: provider + jobConfig("stuck", stuckJob, waitFor+"\n  timeouts = { read = \"1s\" }"),
				ExpectError: acctest.ErrorTexts("Timed Out Waiting For Job",
					"ServiceStage job "+stuckJob+" did not finish within", "its last status was RUNNING"),
			},
			{
				Config: provider + jobConfig("missing", "JOB-missing", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "ServiceStage job JOB-missing was not found.",
					"HTTP 404 Not Found: SVCSTG.00100404: Job JOB-missing not found"),
			},
		},
	})
}

// jobConfig is a hwcjobs_servicestage_job data source; extra lines go inside
// the block.
func jobConfig(name, jobID, extra string) string {
	return fmt.Sprintf("\ndata \"hwcjobs_servicestage_job\" %q {\n  job_id = %q%s\n}\n", name, jobID, extra)
}

// expect checks an attribute of data.hwcjobs_servicestage_job.<name>.
func expect(name, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.hwcjobs_servicestage_job."+name, tfjsonpath.New(attribute), want)
}

// wantJob is every computed attribute of a job; empty strings are nulls.
type wantJob struct {
	id, status, jobType, orderID, serviceInstanceID string
	taskCount                                       int64
	done, succeeded                                 bool
	tasks                                           []wantTask
}

// wantTask is every attribute of a task; empty times are nulls.
type wantTask struct {
	id                                           string
	index                                        int64
	name, status, createdAt, updatedAt, messages string
}

func expectJob(name string, want wantJob) []statecheck.StateCheck {
	tasks := make([]knownvalue.Check, len(want.tasks))
	for i, t := range want.tasks {
		tasks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":         knownvalue.StringExact(t.id),
			"index":      knownvalue.Int64Exact(t.index),
			"name":       knownvalue.StringExact(t.name),
			"status":     knownvalue.StringExact(t.status),
			"created_at": stringOrNull(t.createdAt),
			"updated_at": stringOrNull(t.updatedAt),
			"messages":   knownvalue.StringExact(t.messages),
		})
	}
	return []statecheck.StateCheck{
		expect(name, "id", knownvalue.StringExact(want.id)),
		expect(name, "execution_status", knownvalue.StringExact(want.status)),
		expect(name, "job_type", knownvalue.StringExact(want.jobType)),
		expect(name, "order_id", stringOrNull(want.orderID)),
		expect(name, "service_instance_id", stringOrNull(want.serviceInstanceID)),
		expect(name, "task_count", knownvalue.Int64Exact(want.taskCount)),
		expect(name, "done", knownvalue.Bool(want.done)),
		expect(name, "succeeded", knownvalue.Bool(want.succeeded)),
		expect(name, "tasks", knownvalue.ListExact(tasks)),
	}
}

func stringOrNull(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

func concat(checks ...[]statecheck.StateCheck) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, c := range checks {
		out = append(out, c...)
	}
	return out
}

// taskIndexes is a list of n tasks with the indexes 1 to n, in that order.
func taskIndexes(n int) knownvalue.Check {
	tasks := make([]knownvalue.Check, n)
	for i := range tasks {
		tasks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"index": knownvalue.Int64Exact(int64(i + 1))})
	}
	return knownvalue.ListExact(tasks)
}

// expectRequests checks the requests since the last Reset: all of them for
// job jobID, at the given task offsets, 100 tasks per page.
//
// Checks run after terraform's plan and apply; the plan reads the data
// source (and waits) once, and applying that plan does not read it again,
// so the requests seen are those of a single read: one per page, or one per
// poll while waiting.
func expectRequests(e *emulator.Emulator, jobID string, offsets ...int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		requests := e.Requests()
		if len(requests) != len(offsets) {
			return fmt.Errorf("%d requests, want %d (offsets %v)", len(requests), len(offsets), offsets)
		}
		for i, r := range requests {
			want := url.Values{"offset": {strconv.Itoa(offsets[i])}, "limit": {"100"}}
			if r.Path != jobsPath+jobID || !reflect.DeepEqual(r.Query, want) {
				return fmt.Errorf("request %d: %s?%s, want %s?%s", i+1, r.Path, r.Query.Encode(), jobsPath+jobID, want.Encode())
			}
		}
		return nil
	}
}

// expectPollsApart checks that the requests since the last Reset came at
// least interval apart: poll_interval is honoured.
func expectPollsApart(e *emulator.Emulator, interval time.Duration) resource.TestCheckFunc {
	return func(*terraform.State) error {
		requests := e.Requests()
		for i := 1; i < len(requests); i++ {
			if gap := requests[i].At.Sub(requests[i-1].At); gap < interval {
				return fmt.Errorf("polls %d and %d were %s apart, want at least %s", i, i+1, gap, interval)
			}
		}
		return nil
	}
}

// Paging follows the server (SPEC "Values", rev. 2): 250 tasks served 20 a
// page with record offsets, with page numbers from 0 and from 1, and
// without task_count, are each read in full with at most two requests more
// than the 13 pages. Without task_count, task_count is the number read.
func TestAccServiceStageJobPagingFollowsTheServer(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	var tasks []emulator.ServiceStageTask
	for i := 1; i <= testkit.PagingRecords; i++ {
		tasks = append(tasks, emulator.ServiceStageTask{ID: fmt.Sprintf("Task-%03d", i), Index: int64(i), Name: fmt.Sprintf("STEP_%03d", i),
			Status: "SUCCEEDED", CreatedAt: time.Date(2024, 6, 7, 9, 0, i, 0, time.UTC)})
	}
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: manyTasksJob, Type: "PROVISION", Status: "SUCCEEDED", Tasks: tasks})
	provider := acctest.ProviderConfig(e, baseURL)
	task := func(i int, createdAt string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":         knownvalue.StringExact(fmt.Sprintf("Task-%03d", i)),
			"index":      knownvalue.Int64Exact(int64(i)),
			"name":       knownvalue.StringExact(fmt.Sprintf("STEP_%03d", i)),
			"status":     knownvalue.StringExact("SUCCEEDED"),
			"created_at": knownvalue.StringExact(createdAt),
			"updated_at": knownvalue.Null(),
			"messages":   knownvalue.StringExact("{}"),
		})
	}
	for _, v := range testkit.PagingVariants {
		step := resource.TestStep{
			PreConfig: func() {
				e.Reset()
				e.SetPaging(v.Paging)
			},
			Config: provider + jobConfig("many_tasks", manyTasksJob, ""),
			Check:  acctest.ExpectOffsets(e, jobsPath+manyTasksJob, v.Offsets),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("many_tasks", "task_count", knownvalue.Int64Exact(testkit.PagingRecords)),
				expect("many_tasks", "tasks", taskIndexes(testkit.PagingRecords)),
				expect("many_tasks", "tasks", knownvalue.ListPartial(map[int]knownvalue.Check{
					0:   task(1, "2024-06-07T09:00:01Z"),
					249: task(250, "2024-06-07T09:04:10Z"),
				})),
			},
		}
		t.Run(v.Name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}
