package servicestage

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// The decoder of the ServiceStage job takes any body without panicking: a
// body either fails to decode (an "Invalid API Response" diagnostic) or maps
// to a model that keeps what the schema promises: tasks sorted by index,
// timestamps in RFC 3339 UTC, and a failure text that names every failed
// task's messages. The seeds are the page's example and the ways the API is
// known to vary; they run with every `go test`, and `make fuzz` explores
// from them.
func FuzzShowResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleServiceStageJob))
	f.Add([]byte(strings.ToUpper(emulator.ExampleServiceStageJob))) // the tables' upper-case keys
	for _, seed := range []string{
		`{}`, `[]`, `null`, ``, `{"job":null,"tasks":null,"task_count":null}`, `{"tasks":[null,{}]}`,
		`{"job":{"execution_status":"FAILED","job_id":12339,"order_id":"","service_instance_id":1.5},"task_count":"2",` +
			`"tasks":[{"task_index":"5","task_status":"FAILED","messages":{"error":"quota"}},{"task_index":4,"messages":" disk full "}]}`,
		`{"tasks":[{"task_index":2.0,"created_at":1717689331115,"update_at":"2024-06-06 15:55:31.36 +0000 UTC","messages":["a",1]}]}`,
		`{"tasks":[{"created_at":253402300800000,"update_at":"9999-12-31T23:00:00-02:00","messages":null},{"task_index":-1,"messages":"{}"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var page jobPage
		if json.Unmarshal(body, &page) != nil {
			return
		}
		j := newShownJob(page, client.Paged[task]{Items: page.Tasks})
		m := newJobModel(j)
		if m.Succeeded.ValueBool() && !m.Done.ValueBool() {
			t.Fatalf("status %s: succeeded but not done", m.ExecutionStatus)
		}
		if !page.TaskCount.Valid && m.TaskCount.ValueInt64() != int64(len(page.Tasks)) {
			t.Fatalf("task_count %s without the API's, want the %d tasks read", m.TaskCount, len(page.Tasks))
		}
		for i, task := range m.Tasks {
			if i > 0 && task.Index.ValueInt64() < m.Tasks[i-1].Index.ValueInt64() {
				t.Fatalf("task %d has index %s after %s: not sorted", i, task.Index, m.Tasks[i-1].Index)
			}
			testkit.CheckTime(t, "created_at", task.CreatedAt)
			testkit.CheckTime(t, "updated_at", task.UpdatedAt)
		}
		text := failureText(j.Tasks)
		for _, task := range j.Tasks {
			msg := strings.TrimSpace(task.Messages.Text)
			if msg != "" && msg != "{}" && statuses.Failed(convert.Deref(task.TaskStatus)) && !strings.Contains(text, msg) {
				t.Fatalf("failure text %q lacks the messages %q of a failed task", text, msg)
			}
		}
	})
}
