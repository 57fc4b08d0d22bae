package servicestage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// decode reads one page the way showJob does, as the only page.
func decode(t *testing.T, body string) shownJob {
	t.Helper()
	var page jobPage
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	return newShownJob(page, client.Paged[task]{Items: page.Tasks, Total: int(page.TaskCount.Int64)})
}

func TestExampleResponse(t *testing.T) {
	got := newJobModel(decode(t, emulator.ExampleServiceStageJob))
	want := jobModel{
		ID:                types.StringValue("JOB17cb1778-07b1-4c8f-a183-c86cffbe8f9e"),
		ExecutionStatus:   types.StringValue("SUCCEEDED"),
		JobType:           types.StringValue("PROVISION"),
		OrderID:           types.StringNull(),
		ServiceInstanceID: types.StringNull(),
		TaskCount:         types.Int64Value(2),
		Done:              types.BoolValue(true),
		Succeeded:         types.BoolValue(true),
		Tasks: []taskModel{
			{
				ID:        types.StringValue("Task-af75dd60-0b04-4f4b-b669-0bad38fcdd97"),
				Index:     types.Int64Value(4),
				Name:      types.StringValue("VMAPP_CONTEXT_PREPARE_01"),
				Status:    types.StringValue("SUCCEEDED"),
				CreatedAt: types.StringValue("2024-06-06T15:55:31.115Z"),
				UpdatedAt: types.StringValue("2024-06-06T15:55:31.136Z"),
				Messages:  types.StringValue("{}"),
			},
			{
				ID:        types.StringValue("Task-50110d26-3973-49e1-95d3-d46755e865af"),
				Index:     types.Int64Value(5),
				Name:      types.StringValue("VMAPP_UPGRADE_002"),
				Status:    types.StringValue("SUCCEEDED"),
				CreatedAt: types.StringValue("2024-06-06T15:55:31.136Z"),
				UpdatedAt: types.StringValue("2024-06-06T15:55:31.36Z"),
				Messages:  types.StringValue("{}"),
			},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("job:\n got %+v\nwant %+v", got, want)
	}
}

// upperCaseResponse writes the keys as the API page's tables do, with tasks
// out of order, numbers as strings and a failed task.
const upperCaseResponse = `{
    "task_count": "3",
    "job": {
        "EXECUTION_STATUS": "PARTIALLY_FAILED",
        "JOB_ID": "JOB-1",
        "JOB_TYPE": "DAILY_OPERATION",
        "ORDER_ID": "CS2406061555ABCD",
        "PROJECT_ID": "p1",
        "SERVICE_INSTANCE_ID": 12339
    },
    "tasks": [
        {"TASK_ID": "T-3", "TASK_INDEX": 3, "TASK_NAME": "VERIFY", "TASK_STATUS": "SKIPPED",
         "CREATED_AT": "2024-06-06T15:56:00Z", "UPDATE_AT": "2024-06-06T15:56:00Z", "MESSAGES": "{}"},
        {"TASK_ID": "T-1", "TASK_INDEX": "1", "TASK_NAME": "PREPARE", "TASK_STATUS": "SUCCEEDED",
         "CREATED_AT": 1717689331115, "UPDATE_AT": 1717689331136, "MESSAGES": "prepared"},
        {"TASK_ID": "T-2", "TASK_INDEX": 2, "TASK_NAME": "UPGRADE", "TASK_STATUS": "failed",
         "CREATED_AT": "2024-06-06T15:55:31.136Z", "UPDATE_AT": "2024-06-06T15:55:31.360Z",
         "MESSAGES": "image pull failed"}
    ]
}`

func TestUpperCaseKeys(t *testing.T) {
	allUpper := strings.NewReplacer(`"task_count"`, `"TASK_COUNT"`, `"job"`, `"JOB"`, `"tasks"`, `"TASKS"`).Replace(upperCaseResponse)
	for _, body := range []string{upperCaseResponse, allUpper} {
		checkUpperCase(t, decode(t, body))
	}
}

func checkUpperCase(t *testing.T, j shownJob) {
	t.Helper()
	got := newJobModel(j)
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", got.ID, types.StringValue("JOB-1")},
		{"execution_status", got.ExecutionStatus, types.StringValue("PARTIALLY_FAILED")},
		{"job_type", got.JobType, types.StringValue("DAILY_OPERATION")},
		{"order_id", got.OrderID, types.StringValue("CS2406061555ABCD")},
		{"service_instance_id", got.ServiceInstanceID, types.StringValue("12339")},
		{"task_count", got.TaskCount, types.Int64Value(3)},
		{"done", got.Done, types.BoolValue(true)},
		{"succeeded", got.Succeeded, types.BoolValue(false)},
		{"tasks[0].id", got.Tasks[0].ID, types.StringValue("T-1")},
		{"tasks[0].index", got.Tasks[0].Index, types.Int64Value(1)},
		{"tasks[0].name", got.Tasks[0].Name, types.StringValue("PREPARE")},
		{"tasks[0].created_at", got.Tasks[0].CreatedAt, types.StringValue("2024-06-06T15:55:31.115Z")},
		{"tasks[0].updated_at", got.Tasks[0].UpdatedAt, types.StringValue("2024-06-06T15:55:31.136Z")},
		{"tasks[1].id", got.Tasks[1].ID, types.StringValue("T-2")},
		{"tasks[1].status", got.Tasks[1].Status, types.StringValue("failed")},
		{"tasks[1].updated_at", got.Tasks[1].UpdatedAt, types.StringValue("2024-06-06T15:55:31.36Z")},
		{"tasks[1].messages", got.Tasks[1].Messages, types.StringValue("image pull failed")},
		{"tasks[2].id", got.Tasks[2].ID, types.StringValue("T-3")},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if reason := failureText(j.Tasks); reason != "image pull failed" {
		t.Errorf("failure text %q, want the failed task's messages", reason)
	}
}

func TestFailureText(t *testing.T) {
	tasks := func(statusesAndMessages ...string) []task {
		var out []task
		for i := 0; i < len(statusesAndMessages); i += 2 {
			status := statusesAndMessages[i]
			out = append(out, task{TaskStatus: &status, Messages: text{Text: statusesAndMessages[i+1], Valid: true}})
		}
		return out
	}
	tests := []struct {
		name  string
		tasks []task
		want  string
	}{
		{"failed tasks only", tasks("SUCCEEDED", "ok", "FAILED", "disk full", "ROLLBACKED", "rolled back"), "disk full; rolled back"},
		{"failed task without messages falls back to all", tasks("SUCCEEDED", "step 1 done", "FAILED", "{}", "RUNNING", " "), "step 1 done"},
		{"nothing to say", tasks("FAILED", "{}", "SUCCEEDED", ""), ""},
	}
	for _, tt := range tests {
		if got := failureText(tt.tasks); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// messages may arrive as JSON rather than as a string holding JSON.
func TestMessagesAsJSON(t *testing.T) {
	j := decode(t, `{"job": {"job_id": "J"}, "tasks": [{"task_id": "a", "messages": {"error": "quota", "code": 1}}, {"task_id": "b", "messages": null}]}`)
	got := newJobModel(j)
	if got.Tasks[0].Messages != types.StringValue(`{"error":"quota","code":1}`) || !got.Tasks[1].Messages.IsNull() {
		t.Errorf("messages %v and %v, want the compact JSON and null", got.Tasks[0].Messages, got.Tasks[1].Messages)
	}
	if got.TaskCount != types.Int64Value(2) {
		t.Errorf("task_count %v, want the number of tasks read (2) when the API has none", got.TaskCount)
	}
}

// testServer serves job J with n tasks, newest first, paged by offset and
// limit; the job itself is only on the first page. repeat serves the first
// page for every offset.
func testServer(t *testing.T, n int, repeat bool) (*client.Client, *[]string) {
	var offsets []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/p1/cas/jobs/J" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error_code": "SVCSTG.00100404", "error_msg": "job not found"}`)
			return
		}
		q := r.URL.Query()
		offsets = append(offsets, q.Get("offset"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if repeat {
			offset = 0
		}
		page := map[string]any{"task_count": n}
		if offset == 0 {
			page["job"] = map[string]any{"execution_status": "RUNNING", "job_id": "J", "job_type": "PROVISION"}
		}
		tasks := []map[string]any{}
		for i := offset; i < min(offset+limit, n); i++ {
			index := n - i
			tasks = append(tasks, map[string]any{"task_id": fmt.Sprintf("T-%d", index), "task_index": index, "task_status": "RUNNING"})
		}
		page["tasks"] = tasks
		_ = json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return client.New(client.Config{ProjectID: "p1", Token: "t", Endpoints: map[client.Service]*url.URL{client.ServiceStage: u}}), &offsets
}

func TestShowJobReadsEveryPage(t *testing.T) {
	c, offsets := testServer(t, 250, false)
	j, err := showJob(context.Background(), c, "J")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(*offsets, ",") != "0,100,200" || len(j.Tasks) != 250 || j.Warning != "" {
		t.Fatalf("%d tasks (warning %q) at offsets %v, want 250 at 0,100,200", len(j.Tasks), j.Warning, *offsets)
	}
	if j.status() != "RUNNING" || j.JobID.String() != "J" || j.TaskCount.Int64 != 250 {
		t.Errorf("job %+v, want the first page's job", j.job)
	}
	for i, task := range j.Tasks {
		if task.TaskIndex.Int64 != int64(i+1) {
			t.Fatalf("task %d has index %d; want tasks sorted by index", i, task.TaskIndex.Int64)
		}
	}
}

func TestShowJobRepeatedPage(t *testing.T) {
	c, offsets := testServer(t, 250, true)
	j, err := showJob(context.Background(), c, "J")
	if err != nil {
		t.Fatal(err)
	}
	if len(*offsets) != 2 || len(j.Tasks) != 100 || !strings.Contains(j.Warning, "repeated a page") {
		t.Fatalf("%d tasks in %d requests with warning %q; want 100 in 2 with a warning", len(j.Tasks), len(*offsets), j.Warning)
	}
}

func TestShowJobNotFound(t *testing.T) {
	c, _ := testServer(t, 1, false)
	_, err := showJob(context.Background(), c, "missing")
	summary, detail := client.Describe(err, "ServiceStage job missing")
	if summary != "Not Found" || !strings.HasPrefix(detail, "ServiceStage job missing was not found") {
		t.Errorf("%s: %s", summary, detail)
	}
}

// Every way of paging gives every task without a warning (the acceptance
// test reads the same through terraform, which hides warnings).
func TestShowJobPagingWithoutWarning(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	var tasks []emulator.ServiceStageTask
	for i := 1; i <= testkit.PagingRecords; i++ {
		tasks = append(tasks, emulator.ServiceStageTask{ID: fmt.Sprintf("T-%d", i), Index: int64(i), Name: "STEP"})
	}
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "J", Type: "PROVISION", Status: "RUNNING", Tasks: tasks})
	u, _ := url.Parse(base)
	c := client.New(client.Config{ProjectID: emulator.DefaultProjectID, Token: emulator.DefaultToken,
		Endpoints: map[client.Service]*url.URL{client.ServiceStage: u}})
	for _, v := range testkit.PagingVariants {
		t.Run(v.Name, func(t *testing.T) {
			e.SetPaging(v.Paging)
			e.Reset()
			j, err := showJob(context.Background(), c, "J")
			if err != nil {
				t.Fatal(err)
			}
			if j.Warning != "" || e.Count("") != len(v.Offsets) || j.TaskCount.Valid == v.Paging.OmitTotal {
				t.Errorf("warning %q, %d requests, task_count %+v; want none, %d, sent unless omitted",
					j.Warning, e.Count(""), j.TaskCount, len(v.Offsets))
			}
			for i, task := range j.Tasks {
				if want := fmt.Sprintf("T-%d", i+1); task.TaskID.String() != want {
					t.Fatalf("task %d is %s, want %s", i, task.TaskID.String(), want)
				}
			}
			if len(j.Tasks) != testkit.PagingRecords {
				t.Errorf("%d tasks, want %d", len(j.Tasks), testkit.PagingRecords)
			}
		})
	}
}
