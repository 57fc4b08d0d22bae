package dlf

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

func TestExampleResponse(t *testing.T) {
	var page jobsPage
	if err := json.Unmarshal([]byte(emulator.ExampleDLFList), &page); err != nil {
		t.Fatal(err)
	}
	if page.Total == nil || *page.Total != 1 || len(page.Jobs) != 1 {
		t.Fatalf("total %v with %d jobs, want 1 and 1", page.Total, len(page.Jobs))
	}
	got := jobAttrValues(page.Jobs[0])
	want := map[string]attr.Value{
		"name":                   types.StringValue("myJob"),
		"process_type":           types.StringValue("BATCH"),
		"owner":                  types.StringValue("test_user"),
		"priority":               types.Int64Value(0),
		"status":                 types.StringValue("SCHEDULING"),
		"created_by":             types.StringValue("test_user"),
		"created_at":             types.StringValue("2023-04-06T12:20:36Z"),
		"start_time":             types.StringNull(),
		"end_time":               types.StringNull(),
		"last_instance_status":   types.StringValue("success"),
		"last_instance_end_time": types.StringValue("2023-04-26T14:30:07Z"),
		"updated_at":             types.StringNull(),
		"updated_by":             types.StringValue("test_user"),
		"directory":              types.StringValue("/"),
		"is_single_task_job":     types.BoolValue(false),
	}
	if !maps.EqualFunc(got, want, attr.Value.Equal) {
		t.Errorf("job:\n got %v\nwant %v", got, want)
	}
}

// The APIs send times and flags in more than one shape; every one of them
// must reach the same attribute values.
func TestFlexibleValues(t *testing.T) {
	const body = `{"jobs": [{"name": "j", "priority": "2", "createTime": "1680783636000",
		"startTime": 0, "endTime": -1, "lastUpdateTime": "2023-04-06T12:20:36.500Z", "singleNodeJobFlag": 1}]}`
	var page struct {
		Jobs []job `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	got := jobAttrValues(page.Jobs[0])
	want := map[string]attr.Value{
		"priority":           types.Int64Value(2),
		"created_at":         types.StringValue("2023-04-06T12:20:36Z"),
		"start_time":         types.StringNull(),
		"end_time":           types.StringNull(),
		"updated_at":         types.StringValue("2023-04-06T12:20:36.5Z"),
		"is_single_task_job": types.BoolValue(true),
		"owner":              types.StringNull(),
	}
	for name, v := range want {
		if !got[name].Equal(v) {
			t.Errorf("%s = %v, want %v", name, got[name], v)
		}
	}
}

// listJobs sends the arguments where the API expects them and advances the
// offset by the records received.
func TestListJobsRequests(t *testing.T) {
	const n = 230
	var offsets []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/v1/p1/jobs" || r.Header.Get("workspace") != "ws1" || q.Get("jobType") != "REAL_TIME" ||
			q.Get("jobName") != "etl" || q.Get("tags") != "a,b" || q.Get("limit") != "100" {
			t.Errorf("unexpected request %s %s with workspace %q", r.Method, r.URL, r.Header.Get("workspace"))
		}
		offsets = append(offsets, q.Get("offset"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		jobs := []map[string]any{}
		for i := offset; i < min(offset+100, n); i++ {
			jobs = append(jobs, map[string]any{"name": fmt.Sprintf("job-%03d", i), "createTime": 1680783636000})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"total": n, "jobs": jobs})
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := client.New(client.Config{ProjectID: "p1", Token: "t", Endpoints: map[client.Service]*url.URL{client.DLF: u}})

	got, err := listJobs(context.Background(), c, listQuery{WorkspaceID: "ws1", ProcessType: "REAL_TIME", Name: "etl", Tags: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != n || got.Warning != "" || strings.Join(offsets, ",") != "0,100,200" {
		t.Fatalf("%d jobs (warning %q) at offsets %v, want %d at 0,100,200", len(got.Items), got.Warning, offsets, n)
	}
}

// Every way of paging gives the full list without a warning (the
// acceptance test reads the same through terraform, which hides warnings).
func TestListJobsPagingWithoutWarning(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.GenerateDLFJobs("ws", "BATCH", testkit.PagingRecords)
	u, _ := url.Parse(base)
	c := client.New(client.Config{ProjectID: emulator.DefaultProjectID, Token: emulator.DefaultToken,
		Endpoints: map[client.Service]*url.URL{client.DLF: u}})
	for _, v := range testkit.PagingVariants {
		t.Run(v.Name, func(t *testing.T) {
			e.SetPaging(v.Paging)
			e.Reset()
			got, err := listJobs(context.Background(), c, listQuery{WorkspaceID: "ws", ProcessType: "BATCH"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Warning != "" || got.Total != testkit.PagingRecords || got.Requests != len(v.Offsets) || e.Count("") != len(v.Offsets) {
				t.Errorf("warning %q, total %d, %d requests (%d logged); want none, %d, %d",
					got.Warning, got.Total, got.Requests, e.Count(""), testkit.PagingRecords, len(v.Offsets))
			}
			for i, j := range got.Items {
				if want := fmt.Sprintf("job-%04d", i+1); convert.Deref(j.Name) != want {
					t.Fatalf("job %d is %s, want %s", i, convert.Deref(j.Name), want)
				}
			}
			if len(got.Items) != testkit.PagingRecords {
				t.Errorf("%d jobs, want %d", len(got.Items), testkit.PagingRecords)
			}
		})
	}
}

// Where an answer holds both spellings of a field, the camelCase one wins;
// the snake_case one fills only what the camelCase one leaves absent or
// null.
func TestCamelCaseFirst(t *testing.T) {
	const body = `{"jobs": [{"name": "j", "createTime": 1680783636000, "create_time": 1, "jobType": null,
		"job_type": "REAL_TIME", "lastInstanceStatus": "success", "last_instance_status": "fail",
		"single_node_job_flag": true}]}`
	var page jobsPage
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	got := jobAttrValues(page.Jobs[0])
	want := map[string]attr.Value{
		"created_at":           types.StringValue("2023-04-06T12:20:36Z"),
		"process_type":         types.StringValue("REAL_TIME"),
		"last_instance_status": types.StringValue("success"),
		"is_single_task_job":   types.BoolValue(true),
		"end_time":             types.StringNull(),
	}
	for name, v := range want {
		if !got[name].Equal(v) {
			t.Errorf("%s = %v, want %v", name, got[name], v)
		}
	}
	var runs instancesPage
	if err := json.Unmarshal([]byte(`{"instances": [{"instanceId": 5, "instance_id": 6, "job_name": "j"}]}`), &runs); err != nil {
		t.Fatal(err)
	}
	if in := runs.Instances[0]; in.InstanceID.String() != "5" || convert.Deref(in.JobName) != "j" {
		t.Errorf("run %s of job %q, want 5 of j", in.InstanceID, convert.Deref(in.JobName))
	}
}
