package cse

import (
	"encoding/json"
	"slices"
	"testing"
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
