package mrs

import (
	"encoding/json"
	"testing"
)

// The YARN rule of SPEC.md: FINISHED is a success only with SUCCEEDED;
// FAILED, KILLED and FINISHED with another result are failures; the rest
// is pending, whatever the case the page spells it in.
func TestSuccessRule(t *testing.T) {
	for _, tt := range []struct {
		state, result           string
		done, succeeded, failed bool
	}{
		{"FINISHED", "SUCCEEDED", true, true, false},
		{"Finished", "succeeded", true, true, false},
		{"FINISHED", "FAILED", true, false, true},
		{"FINISHED", "KILLED", true, false, true},
		{"FINISHED", "UNDEFINED", true, false, true},
		{"FINISHED", "", true, false, true},
		{"FAILED", "FAILED", true, false, true},
		{"KILLED", "KILLED", true, false, true},
		{"FAILED", "SUCCEEDED", true, false, true},
		{"New", "UNDEFINED", false, false, false},
		{"NEW_SAVING", "UNDEFINED", false, false, false},
		{"SUBMITTED", "UNDEFINED", false, false, false},
		{"ACCEPTED", "UNDEFINED", false, false, false},
		{"RUNNING", "SUCCEEDED", false, false, false},
	} {
		j := jobDetail{JobState: &tt.state, JobResult: &tt.result}
		if j.done() != tt.done || j.succeeded() != tt.succeeded || j.failed() != tt.failed {
			t.Errorf("%s/%s: done %v succeeded %v failed %v", tt.state, tt.result, j.done(), j.succeeded(), j.failed())
		}
	}
}

// The decoding of job_detail never panics, and what decodes maps.
func FuzzDecodeJobDetail(f *testing.F) {
	for _, s := range []string{
		`{"job_detail":{"job_id":"431b135e-c090-489f-b1db-0abe3822b855","user":"xxxx","job_name":"pyspark1","job_result":"SUCCEEDED","job_state":"FINISHED","job_progress":100,"job_type":"SparkSubmit"}}`,
		`{"job_detail":{"job_state":"RUNNING","job_progress":"50","submitted_time":"1717750800000","started_time":1.7e12,"finished_time":-1}}`,
		`{"job_detail":null}`, `{}`, `[]`, `{"job_detail":{"job_progress":1e400}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var out struct {
			JobDetail *jobDetail `json:"job_detail"`
		}
		if json.Unmarshal(body, &out) != nil || out.JobDetail == nil {
			return
		}
		j := out.JobDetail
		if j.succeeded() && !j.done() {
			t.Fatalf("succeeded but not done: %q", body)
		}
		_ = newJobFields(j)
		_ = j.failureText()
	})
}
