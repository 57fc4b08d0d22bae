package emulator

import (
	"testing"
	"time"
)

const cceShowPath = "/api/v3/projects/" + project + "/jobs/"

// exampleCCEJob is the job of ExampleCCEJob as model data.
func exampleCCEJob() CCEJob {
	return CCEJob{
		UID: ExampleCCEJobID, Type: "CreateNode", ClusterUID: "9c1e7d52-8d4d-11ef-9b2a-0255ac100b05",
		ExtendParam: map[string]string{}, Status: "Failed", Reason: "sub job InstallNode failed",
		Created: time.Date(2025, 6, 2, 8, 11, 42, 114358000, time.UTC),
		Updated: time.Date(2025, 6, 2, 8, 17, 9, 600211000, time.UTC),
		SubJobs: []CCEJob{{
			UID: "61aa0c1e-8d4e-11ef-9b2a-0255ac100b05", Type: "InstallNode", ClusterUID: "9c1e7d52-8d4d-11ef-9b2a-0255ac100b05",
			ResourceID: "0b0f4cc1-8d4e-11ef-9b2a-0255ac100b05", ResourceName: "pool-a-node-01",
			Status: "Failed", Reason: "install kubelet timeout",
			Created: time.Date(2025, 6, 2, 8, 11, 42, 200000000, time.UTC),
			Updated: time.Date(2025, 6, 2, 8, 17, 9, 500000000, time.UTC),
		}},
	}
}

// LoadExamples serves the fact sheet's example byte for byte, and the
// model renders the same job with the same content.
func TestCCEShowExample(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	if r := (call{path: cceShowPath + ExampleCCEJobID}).get(t, base); r.status != 200 || r.body != ExampleCCEJob {
		t.Fatalf("status %d, body\n%s\nwant\n%s", r.status, r.body, ExampleCCEJob)
	}
	// The v2 list still shows only its own example.
	if r := (call{path: ccePath}).get(t, base); r.body != ExampleCCEList {
		t.Fatalf("v2 list changed:\n%s", r.body)
	}

	m, mbase := Start(t, Config{})
	m.AddCCEJob(exampleCCEJob())
	r := call{path: cceShowPath + ExampleCCEJobID}.get(t, mbase)
	if compact(t, r.body) != compact(t, ExampleCCEJob) {
		t.Fatalf("model renders\n%s\nwant the content of\n%s", r.body, ExampleCCEJob)
	}
}

// Sub-jobs finish before their parent, one status per poll of the job;
// reasons show once a job has failed; the list shows the last poll's state.
func TestCCEShowProgress(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.AddCCEJob(CCEJob{
		UID: "j", Type: "CreateNode", Reason: "sub job InstallNode failed",
		Progress: Progress{Statuses: []string{"Initializing", "Running", "Running", "Failed"}},
		SubJobs: []CCEJob{
			{UID: "s1", Type: "CreateServer", Progress: Progress{Statuses: []string{"Running", "Success"}}},
			{UID: "s2", Type: "InstallNode", ResourceName: "n1", Reason: "install kubelet timeout",
				Progress: Progress{Statuses: []string{"Initializing", "Running", "Failed"}}},
		},
	})
	type state struct{ job, s1, s2, reason, s2reason string }
	read := func() state {
		v := call{path: cceShowPath + "j"}.get(t, base).object(t)
		subs := v["spec"].(map[string]any)["subJobs"].([]any)
		st := func(o any) map[string]any { return o.(map[string]any)["status"].(map[string]any) }
		reason := func(o map[string]any) string { s, _ := o["reason"].(string); return s }
		return state{
			st(v)["phase"].(string), st(subs[0])["phase"].(string), st(subs[1])["phase"].(string),
			reason(st(v)), reason(st(subs[1])),
		}
	}
	for i, want := range []state{
		{"Initializing", "Running", "Initializing", "", ""},
		{"Running", "Success", "Running", "", ""},
		{"Running", "Success", "Failed", "", "install kubelet timeout"},
		{"Failed", "Success", "Failed", "sub job InstallNode failed", "install kubelet timeout"},
		{"Failed", "Success", "Failed", "sub job InstallNode failed", "install kubelet timeout"},
	} {
		clock.Advance(time.Second)
		if got := read(); got != want {
			t.Fatalf("poll %d: %+v, want %+v", i+1, got, want)
		}
	}
	list := call{path: ccePath}.get(t, base).body
	var jobs []struct {
		Status struct {
			Status, CompletionTime string
		} `json:"status"`
	}
	decode(t, list, &jobs)
	if len(jobs) != 1 || jobs[0].Status.Status != "Failed" || jobs[0].Status.CompletionTime != "2025-01-02 03:04:09 +0000 UTC" {
		t.Fatalf("list after the polls: %+v", jobs)
	}
}

// A purged job answers 404 in the v3 shape and leaves the list.
func TestCCEPurge(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.AddCCEJob(CCEJob{UID: "polls", Status: "Success", Purge: Purge{Polls: 2}})
	e.AddCCEJob(CCEJob{UID: "time", Status: "Success", Purge: Purge{After: time.Minute}})
	for range 2 {
		wantStatus(t, call{path: cceShowPath + "polls"}.get(t, base), 200)
	}
	wantError(t, call{path: cceShowPath + "polls"}.get(t, base), 404, "errorCode", codeCCEJobAbsent)
	wantStatus(t, call{path: cceShowPath + "time"}.get(t, base), 200)
	clock.Advance(time.Minute)
	wantError(t, call{path: cceShowPath + "time"}.get(t, base), 404, "errorCode", codeCCEJobAbsent)
	if r := (call{path: ccePath}).get(t, base); r.body != "[ ]" {
		t.Fatalf("list of purged jobs: %s", r.body)
	}
	wantError(t, call{path: "/api/v3/projects/other/jobs/x"}.get(t, base), 404, "errorCode", "CCE.01404001")
}
