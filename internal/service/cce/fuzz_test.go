package cce

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// The decoder of the CCE list takes any body without panicking: a body
// either fails to decode (an "Invalid API Response" diagnostic) or maps to
// objects that keep what the schema promises: every descendant of a job in
// depth-first pre-order with its own parent, and timestamps in RFC 3339 UTC.
// The seeds are the page's example and the ways the API is known to vary;
// they run with every `go test`, and `make fuzz` explores from them.
func FuzzListResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleCCEList))
	for _, seed := range []string{
		`[]`, `{}`, `null`, ``, `[null,{}]`,
		`[{"metadata":{"uid":"r"},"spec":{"subjobs":[{"metadata":{"uid":"a"},"spec":{"subjobs":[{"metadata":{"uid":"a1"}},{}]}},{"metadata":{"uid":"b"},"spec":{"subjobs":null}}]}}]`,
		`[{"spec":{"extendparam":{"n":3,"ok":true,"gone":null,"o":{"a":[1]},"s":"x"}}},{"spec":{"extendparam":null}},{"spec":{"extendparam":"x"}}]`,
		`[{"metadata":{"creationTimestamp":"2025-09-02T10:23:38.987955Z","updateTimestamp":1756808618987},"status":{"status":"success","completionTime":"9999-12-31 23:00:00 -0200 -0200"}}]`,
		`[{"metadata":{"creationTimestamp":"","updateTimestamp":253402300800000},"status":{"status":"FAILED","reason":null,"completionTime":null}}]`,
		`[` + strings.Repeat(`{"metadata":{"uid":"x"},"spec":{"subjobs":[`, 50) + `{}` + strings.Repeat(`]}}`, 50) + `]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var jobs []job
		if json.Unmarshal(body, &jobs) != nil {
			return
		}
		pointers := make([]*job, len(jobs))
		for i := range jobs {
			pointers[i] = &jobs[i]
		}
		list, diags := jobList(pointers).List(context.Background())
		if diags.HasError() || len(list.Elements()) != len(jobs) {
			t.Fatalf("%d objects of %d jobs, diagnostics %v", len(list.Elements()), len(jobs), diags)
		}
		for i, o := range list.Elements() {
			m := o.(types.Object).Attributes()
			checkFuzzedJob(t, m)
			var want []string
			wantPreOrder(&jobs[i], &want)
			subJobs := m["sub_jobs"].(types.List)
			if subJobs.IsNull() || len(subJobs.Elements()) != len(want) {
				t.Fatalf("sub_jobs %s, want a list of %d", subJobs, len(want))
			}
			for k, o := range subJobs.Elements() {
				s := o.(types.Object).Attributes()
				checkFuzzedJob(t, s)
				if got := text(s["id"]) + "<" + text(s["parent_id"]); got != want[k] {
					t.Fatalf("sub-job %d is %q (id<parent), want %q", k, got, want[k])
				}
			}
		}
	})
}

// wantPreOrder lists the descendants of j, each as "id<parent id", in
// depth-first pre-order, the simple recursive way.
func wantPreOrder(j *job, out *[]string) {
	for i := range j.Spec.SubJobs {
		child := &j.Spec.SubJobs[i]
		*out = append(*out, convert.Deref(child.Metadata.UID)+"<"+convert.Deref(j.Metadata.UID))
		wantPreOrder(child, out)
	}
}

// checkFuzzedJob checks the attributes of a job or sub-job object.
func checkFuzzedJob(t *testing.T, m map[string]attr.Value) {
	t.Helper()
	for _, name := range []string{"created_at", "updated_at", "completed_at"} {
		testkit.CheckTime(t, name, m[name].(types.String))
	}
	if truth(m["succeeded"]) && !truth(m["done"]) {
		t.Fatalf("status %s: succeeded but not done", m["status"])
	}
}

// The decoder of the v3 show API takes any body without panicking; a body
// that decodes gives the model of hwcjobs_cce_job and a failure text.
func FuzzShowResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleCCEJob))
	for _, seed := range []string{
		`{}`, `null`, `[]`, `{"status":{"phase":"Failed","status":"Success"}}`,
		`{"spec":{"subJobs":[{"status":{"phase":"Failed"}},null,{"spec":{"subJobs":[{"status":{"phase":"FAILED","reason":"x"}}]}}]},"status":{"phase":"Failed","reason":""}}`,
		`{"metadata":{"creationTimestamp":"2025-06-02 08:11:42.2 +0000 UTC","updateTimestamp":"yesterday"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var j job
		if json.Unmarshal(body, &j) != nil {
			return
		}
		var fields jobFields
		if d := newJobFields(context.Background(), &j, &fields); d.HasError() {
			t.Fatal(d)
		}
		for name, v := range map[string]types.String{"created_at": fields.CreatedAt, "updated_at": fields.UpdatedAt, "completed_at": fields.CompletedAt} {
			testkit.CheckTime(t, name, v)
		}
		if fields.Succeeded.ValueBool() && !fields.Done.ValueBool() {
			t.Fatalf("status %s: succeeded but not done", fields.Status)
		}
		if want := len(descendants(&j)); len(fields.SubJobs.Elements()) != want {
			t.Fatalf("%d sub-jobs, want %d", len(fields.SubJobs.Elements()), want)
		}
		_ = failureText(&j)
	})
}
