package cce

import (
	"encoding/json"
	"testing"
)

// A failed job's text: its failed sub-jobs' reasons, deepest first, each
// with type and resource name, then its own reason; sub-jobs that did not
// fail, and empty or repeated reasons, are left out.
func TestFailureText(t *testing.T) {
	const body = `{"metadata": {"uid": "j"}, "spec": {"type": "CreateCluster", "subjobs": [
	  {"metadata": {"uid": "a"}, "spec": {"type": "CreateNode", "resourcename": "node-a", "subjobs": [
	    {"metadata": {"uid": "a1"}, "spec": {"type": "InstallNode", "resourcename": "node-a"}, "status": {"status": "Failed", "reason": "disk full"}}
	  ]}, "status": {"status": "Failed", "reason": "install failed"}},
	  {"metadata": {"uid": "b"}, "spec": {"type": "CreateNode", "resourcename": "node-b"}, "status": {"status": "Success", "reason": "not a failure"}},
	  {"metadata": {"uid": "c"}, "spec": {"type": "CreateNode"}, "status": {"status": "Failed", "reason": "quota"}},
	  {"metadata": {"uid": "d"}, "spec": {}, "status": {"status": "Failed", "reason": ""}}
	]}, "status": {"status": "Failed", "reason": "cluster creation failed"}}`
	var j job
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		t.Fatal(err)
	}
	want := "InstallNode node-a: disk full; CreateNode node-a: install failed; CreateNode: quota; cluster creation failed"
	if got := failureText(&j); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	j.Spec.SubJobs = nil
	if got := failureText(&j); got != "cluster creation failed" {
		t.Errorf("without sub-jobs: %q", got)
	}
}
