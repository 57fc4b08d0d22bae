package cse

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// tasksOf decodes a JSON array of tasks.
func tasksOf(t *testing.T, body string) []task {
	t.Helper()
	var tasks []task
	if err := json.Unmarshal([]byte(body), &tasks); err != nil {
		t.Fatal(err)
	}
	return tasks
}

// A failed job's reason is the logs of its failed tasks; only when no task
// failed by itself do the other tasks' logs stand in for it.
func TestFailureText(t *testing.T) {
	tests := []struct{ name, tasks, want string }{
		{"failed tasks only", `[
			{"status": "Finished", "log": "resources ready"},
			{"status": "Error", "log": " quota exceeded \n"},
			{"status": "timeout", "log": "health check timed out"}]`,
			"quota exceeded; health check timed out"},
		{"no task failed by itself", `[{"status": "Finished", "log": "step 1 done"}, {"status": "Init", "log": ""}, {"status": "Init", "log": "step 2 aborted"}]`,
			"step 1 done; step 2 aborted"},
		{"no logs", `[{"status": "Error", "log": ""}, {"status": "Error"}]`, ""},
	}
	for _, tt := range tests {
		if got := failureText(tasksOf(t, tt.tasks)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Tasks are sorted by taskOrder (sent as a number or a string); ties keep the
// API's order.
func TestSortTasks(t *testing.T) {
	tasks := tasksOf(t, `[{"id": 1, "taskOrder": 2}, {"id": 2, "taskOrder": "0"}, {"id": 3, "taskOrder": 1}, {"id": 4, "taskOrder": 0}]`)
	sortTasks(tasks)
	var ids []string
	for _, task := range tasks {
		ids = append(ids, task.ID.String())
	}
	if want := []string{"2", "4", "3", "1"}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
}

// Every way of paging gives the full list without a warning (the
// acceptance test reads the same through terraform, which hides warnings).
func TestListJobsPagingWithoutWarning(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.GenerateCSEJobs("paged", testkit.PagingRecords)
	u, _ := url.Parse(base)
	c := client.New(client.Config{ProjectID: emulator.DefaultProjectID, Token: emulator.DefaultToken,
		Endpoints: map[client.Service]*url.URL{client.CSE: u}})
	path := "/v2/" + emulator.DefaultProjectID + "/enginemgr/engines/paged/jobs"
	for _, v := range testkit.PagingVariants {
		t.Run(v.Name, func(t *testing.T) {
			e.SetPaging(v.Paging)
			e.Reset()
			got, err := listJobs(context.Background(), c, "paged", 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got.Warning != "" || got.Total != testkit.PagingRecords || got.Requests != len(v.Offsets) ||
				e.Count(path) != len(v.Offsets) {
				t.Errorf("warning %q, total %d, %d requests (%d logged); want none, %d, %d",
					got.Warning, got.Total, got.Requests, e.Count(path), testkit.PagingRecords, len(v.Offsets))
			}
			for i, j := range got.Items {
				if j.ID.String() != strconv.Itoa(i+1) {
					t.Fatalf("job %d has id %s", i, j.ID.String())
				}
			}
			if len(got.Items) != testkit.PagingRecords {
				t.Errorf("%d jobs, want %d", len(got.Items), testkit.PagingRecords)
			}
		})
	}
}
