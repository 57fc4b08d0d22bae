package cce

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	got := attributesOf(t, &jobs[0])
	want := map[string]attr.Value{
		"id":            types.StringValue("e43c6f3b-87e6-11f0-be88-0255ac10003f"),
		"kind":          types.StringValue("Job"),
		"api_version":   types.StringValue("v2"),
		"type":          types.StringValue("ScaleupCluster"),
		"cluster_id":    types.StringValue("7ec8b73d-83db-11f0-8baa-0255ac10003e"),
		"resource_id":   types.StringValue("3b4410fa-87e6-11f0-be88-0255ac10003f"),
		"resource_name": types.StringValue("node-iv28j9"),
		"extend_params": stringMap(map[string]string{
			"claimrollback": "true",
			"node.zone":     "",
			"nodepooluid":   "",
			"orderID":       "CS25090218238EI5V",
			"v3-scaleup":    "true",
		}),
		"status":       types.StringValue("Failed"),
		"reason":       types.StringValue("Something bad happened at server, recycle resource"),
		"created_at":   types.StringValue("2025-09-02T10:23:38.987955Z"),
		"updated_at":   types.StringValue("2025-09-02T11:26:03.218087Z"),
		"completed_at": types.StringValue("2025-09-02T11:26:03.218087Z"),
		"done":         types.BoolValue(true),
		"succeeded":    types.BoolValue(false),
	}
	if !maps.EqualFunc(got, want, attr.Value.Equal) {
		t.Errorf("job:\n got %v\nwant %v", got, want)
	}
	if subJobs := subJobsOf(t, &jobs[0]); len(subJobs) != 0 {
		t.Errorf("%d sub-jobs, want none", len(subJobs))
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
	subJobs := subJobsOf(t, &j)
	var order []string
	for _, s := range subJobs {
		order = append(order, text(s["id"])+"<"+text(s["parent_id"]))
	}
	if want := "a<root a1<a a1x<a1 a2<a b<root b1<b"; strings.Join(order, " ") != want {
		t.Fatalf("sub-jobs %q, want %q", strings.Join(order, " "), want)
	}
	a, a1x, a2, b1 := subJobs[0], subJobs[2], subJobs[3], subJobs[5]
	if text(a["type"]) != "CreateNode" || !truth(a["done"]) || !truth(a["succeeded"]) {
		t.Errorf("a: type %s, done %s, succeeded %s; want CreateNode, true, true (status is case-insensitive)", a["type"], a["done"], a["succeeded"])
	}
	if text(a1x["reason"]) != "quota" || !truth(a1x["done"]) || truth(a1x["succeeded"]) {
		t.Errorf("a1x: reason %s, done %s, succeeded %s; want quota, true, false", a1x["reason"], a1x["done"], a1x["succeeded"])
	}
	if want := stringMap(map[string]string{"n": "3", "ok": "true", "s": "x"}); !b1["extend_params"].Equal(want) {
		t.Errorf("b1 extend_params %s, want %s", b1["extend_params"], want)
	}
	if !a2["extend_params"].IsNull() || !a2["status"].IsNull() || truth(a2["done"]) {
		t.Errorf("a2 has no spec or status, want null extend_params and status and done false: %v", a2)
	}
	if root := attributesOf(t, &j); truth(root["done"]) || truth(root["succeeded"]) {
		t.Errorf("root is Running, want done and succeeded false")
	}
}

// extend_params is null when a job has no extendparam, and a map otherwise,
// empty ones included: Terraform tells the two apart.
func TestExtendParams(t *testing.T) {
	tests := []struct {
		body string
		want types.Map
	}{
		{`{}`, types.MapNull(types.StringType)},
		{`{"spec": {"extendparam": null}}`, types.MapNull(types.StringType)},
		{`{"spec": {"extendparam": {}}}`, stringMap(map[string]string{})},
		{`{"spec": {"extendparam": {"gone": null}}}`, stringMap(map[string]string{})},
		{`{"spec": {"extendparam": {"orderID": "CS1", "n": 3}}}`, stringMap(map[string]string{"orderID": "CS1", "n": "3"})},
	}
	for _, tt := range tests {
		var j job
		if err := json.Unmarshal([]byte(tt.body), &j); err != nil {
			t.Fatal(err)
		}
		if got := attributesOf(t, &j)["extend_params"]; !got.Equal(tt.want) {
			t.Errorf("%s: extend_params %s, want %s", tt.body, got, tt.want)
		}
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
	subJobs := subJobsOf(t, &root)
	if len(subJobs) != depth {
		t.Fatalf("%d sub-jobs, want %d", len(subJobs), depth)
	}
	for i, s := range subJobs {
		if text(s["id"]) != fmt.Sprint(i+1) || text(s["parent_id"]) != fmt.Sprint(i) {
			t.Fatalf("sub-job %d is %s with parent %s, want %d with parent %d", i, s["id"], s["parent_id"], i+1, i)
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
	if n := len(subJobsOf(t, &j)); n != 3000 {
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

// attributesOf are the attributes j and its sub-jobs share.
func attributesOf(tb testing.TB, j *job) map[string]attr.Value {
	tb.Helper()
	var diags diag.Diagnostics
	attrs := jobAttrValues(j, &diags)
	if diags.HasError() {
		tb.Fatal(diags)
	}
	return attrs
}

// subJobsOf is the sub_jobs attribute of j: the attributes of each sub-job
// object. It is a list, empty when j has no sub-jobs, never null.
func subJobsOf(tb testing.TB, j *job) []map[string]attr.Value {
	tb.Helper()
	var diags diag.Diagnostics
	list := newSubJobList(j, &diags)
	if diags.HasError() || list.IsNull() || list.IsUnknown() {
		tb.Fatalf("sub_jobs %s, diagnostics %v", list, diags)
	}
	var out []map[string]attr.Value
	for _, s := range list.Elements() {
		out = append(out, s.(types.Object).Attributes())
	}
	return out
}

// text and truth are the values of string and bool attributes.
func text(v attr.Value) string { return v.(types.String).ValueString() }
func truth(v attr.Value) bool  { return v.(types.Bool).ValueBool() }

func stringMap(m map[string]string) types.Map {
	elems := map[string]attr.Value{}
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}
