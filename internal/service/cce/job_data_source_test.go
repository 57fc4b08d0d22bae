package cce

import (
	"context"
	"encoding/json"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The fact sheet's example of the v3 API decodes into the attributes of a
// listed job: its camel-case keys and status.phase included.
func TestShowExampleResponse(t *testing.T) {
	var j job
	if err := json.Unmarshal([]byte(emulator.ExampleCCEJob), &j); err != nil {
		t.Fatal(err)
	}
	got := attributesOf(t, &j)
	want := map[string]attr.Value{
		"id":            types.StringValue("5f1c2a3b-8d4e-11ef-9b2a-0255ac100b05"),
		"kind":          types.StringValue("Job"),
		"api_version":   types.StringValue("v3"),
		"type":          types.StringValue("CreateNode"),
		"cluster_id":    types.StringValue("9c1e7d52-8d4d-11ef-9b2a-0255ac100b05"),
		"resource_id":   types.StringValue(""),
		"resource_name": types.StringValue(""),
		"extend_params": stringMap(map[string]string{}),
		"status":        types.StringValue("Failed"),
		"reason":        types.StringValue("sub job InstallNode failed"),
		"created_at":    types.StringValue("2025-06-02T08:11:42.114358Z"),
		"updated_at":    types.StringValue("2025-06-02T08:17:09.600211Z"),
		"completed_at":  types.StringNull(),
		"done":          types.BoolValue(true),
		"succeeded":     types.BoolValue(false),
	}
	if !maps.EqualFunc(got, want, attr.Value.Equal) {
		t.Errorf("job:\n got %v\nwant %v", got, want)
	}
	subJobs := subJobsOf(t, &j)
	if len(subJobs) != 1 {
		t.Fatalf("%d sub-jobs, want 1", len(subJobs))
	}
	wantSub := map[string]attr.Value{
		"id":            types.StringValue("61aa0c1e-8d4e-11ef-9b2a-0255ac100b05"),
		"parent_id":     types.StringValue("5f1c2a3b-8d4e-11ef-9b2a-0255ac100b05"),
		"kind":          types.StringValue("Job"),
		"api_version":   types.StringValue("v3"),
		"type":          types.StringValue("InstallNode"),
		"cluster_id":    types.StringValue("9c1e7d52-8d4d-11ef-9b2a-0255ac100b05"),
		"resource_id":   types.StringValue("0b0f4cc1-8d4e-11ef-9b2a-0255ac100b05"),
		"resource_name": types.StringValue("pool-a-node-01"),
		"extend_params": types.MapNull(types.StringType),
		"status":        types.StringValue("Failed"),
		"reason":        types.StringValue("install kubelet timeout"),
		"created_at":    types.StringValue("2025-06-02T08:11:42.2Z"),
		"updated_at":    types.StringValue("2025-06-02T08:17:09.5Z"),
		"completed_at":  types.StringNull(),
		"done":          types.BoolValue(true),
		"succeeded":     types.BoolValue(false),
	}
	if !maps.EqualFunc(subJobs[0], wantSub, attr.Value.Equal) {
		t.Errorf("sub-job:\n got %v\nwant %v", subJobs[0], wantSub)
	}
	if got, want := failureText(&j), "InstallNode of pool-a-node-01: install kubelet timeout; sub job InstallNode failed"; got != want {
		t.Errorf("failure text %q, want %q", got, want)
	}

	// The model of the data source takes the same values.
	var fields jobFields
	if d := newJobFields(context.Background(), &j, &fields); d.HasError() {
		t.Fatal(d)
	}
	if fields.APIVersion.ValueString() != "v3" || len(fields.SubJobs.Elements()) != 1 || !fields.CompletedAt.IsNull() {
		t.Errorf("fields %+v", fields)
	}
}

// The failed sub-jobs come deepest first, siblings in depth-first order,
// each with its type and resource name; the job's own reason comes last.
// Sub-jobs that did not fail are left out.
func TestFailureText(t *testing.T) {
	const body = `{"status": {"phase": "Failed", "reason": "cluster creation failed"}, "spec": {"subJobs": [
		{"metadata": {"uid": "a"}, "spec": {"type": "CreateMaster", "resourceName": "master-1", "subJobs": [
			{"metadata": {"uid": "a1"}, "spec": {"type": "InstallMaster", "resourceName": "master-1"}, "status": {"phase": "Failed", "reason": "etcd did not start"}},
			{"metadata": {"uid": "a2"}, "spec": {"type": "CheckMaster"}, "status": {"phase": "Success", "reason": "ignored"}}]},
		 "status": {"phase": "Failed", "reason": "master failed"}},
		{"metadata": {"uid": "b"}, "spec": {"subJobs": [
			{"metadata": {"uid": "b1"}, "spec": {"type": "CreateServer"}, "status": {"phase": "failed", "reason": " quota "}}]}},
		{"metadata": {"uid": "c"}, "status": {"phase": "Failed"}}]}}`
	var j job
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		t.Fatal(err)
	}
	want := "InstallMaster of master-1: etcd did not start; CreateServer: quota; CreateMaster of master-1: master failed; " +
		"sub-job c: failed without a reason; cluster creation failed"
	if got := failureText(&j); got != want {
		t.Errorf("failure text\n got %q\nwant %q", got, want)
	}
	if got := failureText(&job{}); got != "" {
		t.Errorf("a job without reasons: %q", got)
	}
}
