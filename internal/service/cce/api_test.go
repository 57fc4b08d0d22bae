package cce

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func TestExampleResponse(t *testing.T) {
	var jobs []job
	if err := json.Unmarshal([]byte(emulator.ExampleCCEList), &jobs); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 {
		t.Fatalf("%d jobs, want 1", len(jobs))
	}
	got := newListedJobModel(&jobs[0])
	want := jobModel{
		ID:           types.StringValue("e43c6f3b-87e6-11f0-be88-0255ac10003f"),
		Kind:         types.StringValue("Job"),
		APIVersion:   types.StringValue("v2"),
		Type:         types.StringValue("ScaleupCluster"),
		ClusterID:    types.StringValue("7ec8b73d-83db-11f0-8baa-0255ac10003e"),
		ResourceID:   types.StringValue("3b4410fa-87e6-11f0-be88-0255ac10003f"),
		ResourceName: types.StringValue("node-iv28j9"),
		ExtendParams: map[string]string{
			"claimrollback": "true",
			"node.zone":     "",
			"nodepooluid":   "",
			"orderID":       "CS25090218238EI5V",
			"v3-scaleup":    "true",
		},
		Status:      types.StringValue("Failed"),
		Reason:      types.StringValue("Something bad happened at server, recycle resource"),
		CreatedAt:   types.StringValue("2025-09-02T10:23:38.987955Z"),
		UpdatedAt:   types.StringValue("2025-09-02T11:26:03.218087Z"),
		CompletedAt: types.StringValue("2025-09-02T11:26:03.218087Z"),
		Done:        types.BoolValue(true),
		Succeeded:   types.BoolValue(false),
	}
	if !reflect.DeepEqual(got.jobModel, want) {
		t.Errorf("job:\n got %+v\nwant %+v", got.jobModel, want)
	}
	if len(got.SubJobs) != 0 {
		t.Errorf("%d sub-jobs, want none", len(got.SubJobs))
	}
}

// tree is a job with three levels of sub-jobs and siblings at each level:
//
//	root
//	├── a
//	│   ├── a1
//	│   │   └── a1x
//	│   └── a2
//	└── b
//	    └── b1
//
// Statuses, types and extend_params vary along the way.
const tree = `{"metadata": {"uid": "root"}, "status": {"status": "Running"}, "spec": {"subjobs": [
	{"metadata": {"uid": "a"}, "status": {"status": "success"}, "spec": {"type": "CreateNode", "subjobs": [
		{"metadata": {"uid": "a1"}, "spec": {"subjobs": [
			{"metadata": {"uid": "a1x"}, "status": {"status": "Failed", "reason": "quota"}}]}},
		{"metadata": {"uid": "a2"}}]}},
	{"metadata": {"uid": "b"}, "spec": {"subjobs": [
		{"metadata": {"uid": "b1"}, "spec": {"extendparam": {"n": 3, "ok": true, "gone": null, "s": "x"}}}]}}]}}`

func TestSubJobsDepthFirst(t *testing.T) {
	var j job
	if err := json.Unmarshal([]byte(tree), &j); err != nil {
		t.Fatal(err)
	}
	got := newListedJobModel(&j)
	var order []string
	for _, s := range got.SubJobs {
		order = append(order, s.ID.ValueString()+"<"+s.ParentID.ValueString())
	}
	if want := "a<root a1<a a1x<a1 a2<a b<root b1<b"; strings.Join(order, " ") != want {
		t.Fatalf("sub-jobs %q, want %q", strings.Join(order, " "), want)
	}
	a, a1x, b1 := got.SubJobs[0], got.SubJobs[2], got.SubJobs[5]
	if a.Type.ValueString() != "CreateNode" || !a.Done.ValueBool() || !a.Succeeded.ValueBool() {
		t.Errorf("a: type %s, done %s, succeeded %s; want CreateNode, true, true (status is case-insensitive)", a.Type, a.Done, a.Succeeded)
	}
	if a1x.Reason.ValueString() != "quota" || !a1x.Done.ValueBool() || a1x.Succeeded.ValueBool() {
		t.Errorf("a1x: reason %s, done %s, succeeded %s; want quota, true, false", a1x.Reason, a1x.Done, a1x.Succeeded)
	}
	if want := map[string]string{"n": "3", "ok": "true", "s": "x"}; !maps.Equal(b1.ExtendParams, want) {
		t.Errorf("b1 extend_params %v, want %v", b1.ExtendParams, want)
	}
	if got.SubJobs[3].ExtendParams != nil || got.SubJobs[3].Status != types.StringNull() || got.SubJobs[3].Done.ValueBool() {
		t.Errorf("a2 has no spec or status, want null extend_params and status and done false: %+v", got.SubJobs[3])
	}
	if got.Done.ValueBool() || got.Succeeded.ValueBool() {
		t.Errorf("root is Running, want done and succeeded false")
	}
}

// A chain of sub-jobs deeper than any call stack should take is flattened
// in order, each with its parent.
func TestSubJobsDeepChain(t *testing.T) {
	const depth = 10000
	root := job{Metadata: metadata{UID: ptr("0")}}
	for i, parent := 1, &root; i <= depth; i++ {
		parent.Spec.SubJobs = []job{{Metadata: metadata{UID: ptr(fmt.Sprint(i))}}}
		parent = &parent.Spec.SubJobs[0]
	}
	got := newListedJobModel(&root)
	if len(got.SubJobs) != depth {
		t.Fatalf("%d sub-jobs, want %d", len(got.SubJobs), depth)
	}
	for i, s := range got.SubJobs {
		if s.ID.ValueString() != fmt.Sprint(i+1) || s.ParentID.ValueString() != fmt.Sprint(i) {
			t.Fatalf("sub-job %d is %s with parent %s, want %d with parent %d", i, s.ID, s.ParentID, i+1, i)
		}
	}
}

// Deep chains in a response body decode and flatten up to encoding/json's
// nesting limit (10,000 JSON levels, three per sub-job); deeper ones are a
// decode error, never a crash.
func TestSubJobsDeepBody(t *testing.T) {
	chain := func(depth int) string {
		return strings.Repeat(`{"metadata":{"uid":"x"},"spec":{"subjobs":[`, depth) + `{}` + strings.Repeat(`]}}`, depth)
	}
	var j job
	if err := json.Unmarshal([]byte(chain(3000)), &j); err != nil {
		t.Fatal(err)
	}
	if n := len(newListedJobModel(&j).SubJobs); n != 3000 {
		t.Errorf("%d sub-jobs, want 3000", n)
	}
	if err := json.Unmarshal([]byte(chain(10000)), &j); err == nil {
		t.Error("a 10,000-level body decoded; want the nesting limit's error")
	}
}

// listJobs reads the bare array the API answers with, and the filters select
// listed jobs only.
func TestListJobsAndFilters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v2/projects/p1/jobs" {
			t.Errorf("unexpected request %s %s", r.Method, r.URL)
		}
		fmt.Fprintf(w, "[%s, %s]", emulator.ExampleCCEList[1:len(emulator.ExampleCCEList)-1], tree)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := client.New(client.Config{ProjectID: "p1", Token: "t", Endpoints: map[client.Service]*url.URL{client.CCE: u}})

	jobs, err := listJobs(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 {
		t.Fatalf("%d jobs, want 2", len(jobs))
	}
	tests := []struct {
		name   string
		filter jobsModel
		want   []bool
	}{
		{"none", jobsModel{}, []bool{true, true}},
		{"status case-insensitive", jobsModel{Status: types.StringValue("failed")}, []bool{true, false}},
		{"cluster", jobsModel{ClusterID: types.StringValue("7ec8b73d-83db-11f0-8baa-0255ac10003e")}, []bool{true, false}},
		{"type is exact", jobsModel{Type: types.StringValue("scaleupcluster")}, []bool{false, false}},
		{"sub-jobs are not matched", jobsModel{Type: types.StringValue("CreateNode")}, []bool{false, false}},
		{"resource", jobsModel{ResourceID: types.StringValue("3b4410fa-87e6-11f0-be88-0255ac10003f")}, []bool{true, false}},
	}
	for _, tt := range tests {
		for i := range jobs {
			if got := tt.filter.matches(&jobs[i]); got != tt.want[i] {
				t.Errorf("%s: job %d matches %t, want %t", tt.name, i, got, tt.want[i])
			}
		}
	}
}

func ptr(s string) *string { return &s }
