package cse

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// The decoders of both CSE answers take any body without panicking: a body
// either fails to decode (an "Invalid API Response" diagnostic) or maps to
// models that keep what the schema promises. The seeds are the pages'
// examples and the ways the APIs are known to vary; they run with every
// `go test`, and `make fuzz` explores from them.

// fuzzJobSeeds are job objects with the values the APIs send in several
// shapes, and values at the edges of what is accepted.
var fuzzJobSeeds = []string{
	`{"id":"12339","scheduling":"1","startTime":"2021-11-10T10:28:15.901Z","endTime":"1636540460230"}`,
	`{"id":12345678901234567890,"scheduling":true,"startTime":"2025-09-02 10:23:38.987955 +0000 UTC","endTime":-1}`,
	`{"id":1.5e3,"scheduling":null,"startTime":253402300800000,"endTime":"9999-12-31T23:00:00-02:00"}`,
	`{"id":null,"status":"finished","startTime":0,"endTime":1.63654046023e12}`,
	`{"status":"Error","tasks":[{"taskOrder":"2","status":"Error","log":" boom "},{"taskOrder":1,"log":"ok"},{"taskOrder":null}]}`,
	`{"tasks":[{"timeout":-1,"taskOrder":1.0,"taskExecutorBrief":{"duration":"1500","description":null}}]}`,
	`{"tasks":[null,{}]}`,
}

func FuzzListResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleCSEList))
	for _, seed := range []string{`{"total":0,"data":[]}`, `{"total":"3","data":null}`, `{}`, `[]`, `null`, ``, `{"data":[1]}`} {
		f.Add([]byte(seed))
	}
	for _, job := range fuzzJobSeeds {
		f.Add([]byte(`{"total":1,"data":[` + job + `]}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var page jobsPage
		if json.Unmarshal(body, &page) != nil {
			return
		}
		jobs, diags := jobList(page.Data).List(context.Background())
		if diags.HasError() || len(jobs.Elements()) != len(page.Data) {
			t.Fatalf("%d jobs of %d, diagnostics %v", len(jobs.Elements()), len(page.Data), diags)
		}
		for _, j := range jobs.Elements() {
			attrs := j.(types.Object).Attributes()
			checkFuzzedJob(t, attrs)
			checkFuzzedTasks(t, attrs["tasks"].(types.List))
		}
	})
}

func FuzzShowResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleCSEJob))
	for _, seed := range fuzzJobSeeds {
		f.Add([]byte(seed))
	}
	for _, seed := range []string{
		`{"status":"Error","tasks":[{"taskName":"p","status":"Error","tasks":[{"status":"Timeout","log":"late"},{"log":"fine"}]}]}`,
		`{"tasks":[{"taskNames":null,"taskExecutorBrief":{"duration":-1},"tasks":null}]}`,
		`{"tasks":[{"taskNames":["a",null]}]}`, `{"tasks":{}}`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var j shownJob
		if json.Unmarshal(body, &j) != nil {
			return
		}
		checkFuzzedJob(t, newJobModel(j.job).attrValues())
		var diags diag.Diagnostics
		phases := newPhaseModels(j.Phases, &diags)
		if diags.HasError() {
			t.Fatal(diags)
		}
		for _, p := range phases {
			testkit.CheckTime(t, "phase start_time", p.StartTime)
			testkit.CheckTime(t, "phase end_time", p.EndTime)
			checkFuzzedTasks(t, p.Tasks)
		}
		// A failed job's error shows the log of every task that failed.
		text := failureText(j.allTasks())
		for _, task := range j.allTasks() {
			if log := strings.TrimSpace(convert.Deref(task.Log)); log != "" && statuses.Failed(convert.Deref(task.Status)) && !strings.Contains(text, log) {
				t.Fatalf("failure text %q lacks the log %q of a failed task", text, log)
			}
		}
	})
}

// checkFuzzedJob checks the attributes of a job object.
func checkFuzzedJob(t *testing.T, job map[string]attr.Value) {
	t.Helper()
	testkit.CheckTime(t, "start_time", job["start_time"].(types.String))
	testkit.CheckTime(t, "end_time", job["end_time"].(types.String))
	if job["succeeded"].(types.Bool).ValueBool() && !job["done"].(types.Bool).ValueBool() {
		t.Fatalf("status %s: succeeded but not done", job["status"])
	}
}

// checkFuzzedTasks checks that tasks is a list (empty, not null, when there
// are none), the order the schema promises, and every time.
func checkFuzzedTasks(t *testing.T, tasks types.List) {
	t.Helper()
	if tasks.IsNull() || tasks.IsUnknown() {
		t.Fatalf("tasks is %s, want a list", tasks)
	}
	var previous types.Int64
	for i, task := range tasks.Elements() {
		attrs := task.(types.Object).Attributes()
		order := attrs["task_order"].(types.Int64)
		if i > 0 && order.ValueInt64() < previous.ValueInt64() {
			t.Fatalf("task %d has task_order %s after %s: not sorted", i, order, previous)
		}
		previous = order
		for _, name := range []string{"start_time", "end_time", "created_at", "updated_at"} {
			testkit.CheckTime(t, "task "+name, attrs[name].(types.String))
		}
	}
}
