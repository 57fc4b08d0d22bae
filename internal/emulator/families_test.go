package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
)

// compact is a fact sheet example without its line breaks.
func oneLine(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustAdd(t *testing.T, e *Emulator, j FamilyJob) {
	t.Helper()
	if _, err := e.AddFamilyJob(j); err != nil {
		t.Fatal(err)
	}
}

// The emulator answers with the fact sheet's examples byte for byte
// (api-docs/job-families.md): ECS, EVS, DDS and MRS.
func TestFamilyExamplesByteForByte(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	clock := fakeclock.New(at("2021-07-12T10:10:13Z"))
	e := New(Config{Clock: clock.Now})
	mustAdd(t, e, FamilyJob{
		Service: "ecs", ID: "ff8080827e7810fb017f06338a731328", Statuses: []string{"RUNNING"}, Started: at("2022-02-17T05:41:55.441Z"),
		SubJobs: []FamilySubJob{{ID: "ff8080827e7810fb017f06338ae3132c", Type: "createSingleServer", Started: at("2022-02-17T05:41:55.554Z"),
			Entities: map[string]any{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28"}}},
	})
	mustAdd(t, e, FamilyJob{
		Service: "evs", ID: "ff8080817aa5637b017ac7d6ca9005d5", Statuses: []string{"SUCCESS"}, Every: "1h",
		Started:  at("2021-07-21T06:53:00.431Z"),
		Entities: map[string]any{"name": "volume_1", "size": 50, "volume_id": "4c3b7a01-989a-4c34-876c-4699f3766457", "volume_type": "SSD"},
	})
	mustAdd(t, e, FamilyJob{
		Service: "dds", ID: "f85104b5-4a9c-4e0f-9505-fc5409d8f7ae", Statuses: []string{"Completed"}, Started: at("2021-07-12T09:22:04Z"),
		Entities: map[string]any{"instance_id": "d87f5b33049144ec95f0cab0a5f22cfbin02", "instance_name": "dds-5ff4-sh"},
	})
	if _, err := e.AddMRSJob(MRSJob{ID: "431b135e-c090-489f-b1db-0abe3822b855", ClusterID: "c1", User: "xxxx", Name: "pyspark1",
		Type: "SparkSubmit", Statuses: []string{"FINISHED"}}); err != nil {
		t.Fatal(err)
	}
	// The EVS job ended 7.012 s after it began: time-based progress ends
	// the single step when it was reached, so the clock's start is set back.
	e.mu.Lock()
	e.families[1].state.added = at("2021-07-21T06:53:07.443Z")
	e.mu.Unlock()

	p := "/" + DefaultProjectID
	for _, tt := range []struct {
		target string
		status int
		want   string
	}{
		{"/ecs/v1" + p + "/jobs/ff8080827e7810fb017f06338a731328", 200, `{"begin_time":"2022-02-17T05:41:55.441Z","end_time":"",
 "entities":{"sub_jobs":[{"begin_time":"2022-02-17T05:41:55.554Z","end_time":"",
   "entities":{"server_id":"1c74e090-c569-4b52-9eaa-fd34776cec28"},
   "job_id":"ff8080827e7810fb017f06338ae3132c","job_type":"createSingleServer","status":"RUNNING"}],
  "sub_jobs_total":1},
 "job_id":"ff8080827e7810fb017f06338a731328","job_type":"createServer","status":"RUNNING"}`},
		{"/evs/v1" + p + "/jobs/ff8080817aa5637b017ac7d6ca9005d5", 200, `{"begin_time":"2021-07-21T06:53:00.431Z","end_time":"2021-07-21T06:53:07.443Z",
 "entities":{"name":"volume_1","size":50,"volume_id":"4c3b7a01-989a-4c34-876c-4699f3766457","volume_type":"SSD"},
 "error_code":null,"fail_reason":null,"job_id":"ff8080817aa5637b017ac7d6ca9005d5",
 "job_type":"createVolume","status":"SUCCESS"}`},
		{"/dds/v3" + p + "/jobs?id=f85104b5-4a9c-4e0f-9505-fc5409d8f7ae", 200, `{"job":{"id":"f85104b5-4a9c-4e0f-9505-fc5409d8f7ae","name":"Create_MongoDB","status":"Completed",
 "created":"2021-07-12T09:22:04+0000","ended":"2021-07-12T10:10:13+0000","progress":"",
 "instance":{"id":"d87f5b33049144ec95f0cab0a5f22cfbin02","name":"dds-5ff4-sh"},"fail_reason":null}}`},
		{"/mrs/v2" + p + "/clusters/c1/job-executions/431b135e-c090-489f-b1db-0abe3822b855", 202, `{"job_detail":{"job_id":"431b135e-c090-489f-b1db-0abe3822b855","user":"xxxx","job_name":"pyspark1",
 "job_result":"SUCCEEDED","job_state":"FINISHED","job_progress":100,"job_type":"SparkSubmit"}}`},
	} {
		status, body := e.Answer(tt.target, nil)
		if status != tt.status || string(body) != oneLine(t, tt.want) {
			t.Errorf("GET %s: %d\n%s\nwant %d\n%s", tt.target, status, body, tt.status, oneLine(t, tt.want))
		}
	}
}

// The same path under another service's prefix is another API: an ECS job
// is not an EVS job.
func TestFamilyPrefixTellsServicesApart(t *testing.T) {
	e := New(Config{})
	mustAdd(t, e, FamilyJob{Service: "ecs", ID: "j1", Statuses: []string{"SUCCESS"}})
	p := "/" + DefaultProjectID
	if status, _ := e.Answer("/ecs/v1"+p+"/jobs/j1", nil); status != 200 {
		t.Errorf("ECS: %d", status)
	}
	status, body := e.Answer("/evs/v1"+p+"/jobs/j1", nil)
	if status != 404 || !strings.Contains(string(body), "Job j1 does not exist.") {
		t.Errorf("EVS: %d %s", status, body)
	}
}

// AddFamilyJob and AddMRSJob refuse what the control API refuses, and say why.
func TestAddFamilyJobRefuses(t *testing.T) {
	e := New(Config{})
	mustAdd(t, e, FamilyJob{Service: "ecs", ID: "held", Statuses: []string{"RUNNING"}})
	for _, tt := range []struct {
		job  FamilyJob
		want string
	}{
		{FamilyJob{Service: "obs", Statuses: []string{"SUCCESS"}}, `unknown service "obs": the services of hwcjobs_job are ecs, evs, ims, bms, sdrs, deh, eip, rds, gaussdb_mysql, opengauss, dds, geminidb, dcs, elb, dli, dli_spark`},
		{FamilyJob{Service: "rds", Statuses: []string{"Running", "SUCCESS"}}, `status "SUCCESS" is not one of rds: Completed, Failed, Running`},
		{FamilyJob{Service: "ecs"}, "statuses is empty: give the statuses the job shows, in order"},
		{FamilyJob{Service: "ecs", Statuses: []string{"INIT"}, Every: "soon"}, `every "soon" is neither "poll" nor a positive duration such as "2s"`},
		{FamilyJob{Service: "evs", ID: "held", Statuses: []string{"INIT"}}, `a job with id "held" is already held: forget it first, or leave id out to get a new one`},
	} {
		_, err := e.AddFamilyJob(tt.job)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%+v: got %v\nwant %s", tt.job, err, tt.want)
		}
	}
	var dup *DuplicateError
	if _, err := e.AddMRSJob(MRSJob{ID: "held", ClusterID: "c", Statuses: []string{"RUNNING"}}); !errors.As(err, &dup) {
		t.Errorf("MRS duplicate: %v", err)
	}
	if _, err := e.AddMRSJob(MRSJob{ClusterID: "c", Statuses: []string{"DONE"}}); err == nil ||
		err.Error() != `status "DONE" is not an MRS job_state: NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING, FINISHED, FAILED, KILLED` {
		t.Errorf("MRS status: %v", err)
	}
	if _, err := e.AddMRSJob(MRSJob{Statuses: []string{"RUNNING"}}); err == nil {
		t.Error("MRS without cluster_id was added")
	}
	// A job made without an id gets one; a forgotten job is not found.
	j, err := e.AddFamilyJob(FamilyJob{Service: "dli", Statuses: []string{"RUNNING"}})
	if err != nil || j.ID == "" {
		t.Fatalf("%+v %v", j, err)
	}
	if !e.ForgetFamilyJob(j.ID) || e.ForgetFamilyJob(j.ID) {
		t.Error("ForgetJob")
	}
	if status, body := e.Answer("/dli/v1.0/"+DefaultProjectID+"/jobs/"+j.ID+"/status", nil); status != 400 || !strings.Contains(string(body), `"error_code":"DLI.0002"`) {
		t.Errorf("forgotten: %d %s", status, body)
	}
}

// A job the API does not know yet answers not found for its first polls,
// then shows its statuses one per poll; a purged job is not found again.
func TestFamilyGraceProgressPurge(t *testing.T) {
	e := New(Config{})
	mustAdd(t, e, FamilyJob{Service: "geminidb", ID: "g", Statuses: []string{"Running", "Completed"}, MissingPolls: 2, Purge: Purge{Polls: 2}})
	target := "/geminidb/v3/" + DefaultProjectID + "/jobs?id=g"
	var got []string
	for range 5 {
		_, body := e.Answer(target, nil)
		var out struct {
			Jobs []struct{ Status string } `json:"jobs"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		status := "none"
		if len(out.Jobs) > 0 {
			status = out.Jobs[0].Status
		}
		got = append(got, status)
	}
	if strings.Join(got, " ") != "none none Running Completed none" {
		t.Errorf("got %v", got)
	}
}

// A job not queryable for a time on the emulator's clock, then showing a
// status every 2 s since it was added.
func TestFamilyMissingForAndEvery(t *testing.T) {
	clock := newFakeClock()
	e := New(Config{Clock: clock.Now})
	mustAdd(t, e, FamilyJob{Service: "rds", ID: "r", Statuses: []string{"Running", "Running", "Completed"}, Every: "2s",
		MissingFor: 3 * time.Second})
	target := "/rds/v3/" + DefaultProjectID + "/jobs?id=r"
	var got []string
	for range 4 {
		status, body := e.Answer(target, nil)
		if status == 404 {
			got = append(got, "404")
		} else {
			var out struct {
				Job struct{ Status, Ended string }
			}
			if err := json.Unmarshal(body, &out); err != nil {
				t.Fatal(err)
			}
			got = append(got, out.Job.Status+" "+out.Job.Ended)
		}
		clock.Advance(1500 * time.Millisecond)
	}
	// At 0 s and 1.5 s not found; at 3 s Running; at 4.5 s Completed,
	// ended when it was reached (4 s), in +0800.
	if strings.Join(got, "|") != "404|404|Running |Completed 2025-01-02T11:04:09+0800" {
		t.Errorf("got %q", got)
	}
}

// A job that ends at a poll keeps the end time of that poll at every later
// read, as the APIs keep it.
func TestFamilyEndTimeStays(t *testing.T) {
	clock := newFakeClock()
	e := New(Config{Clock: clock.Now})
	mustAdd(t, e, FamilyJob{Service: "rds", ID: "r", Statuses: []string{"Running", "Completed"}})
	target := "/rds/v3/" + DefaultProjectID + "/jobs?id=r"
	var got []string
	for range 3 {
		_, body := e.Answer(target, nil)
		var out struct {
			Job struct{ Status, Ended string }
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		got = append(got, out.Job.Status+" "+out.Job.Ended)
		clock.Advance(time.Minute)
	}
	// Completed at the second poll (1 min after the start), and still then
	// at the third.
	if strings.Join(got, "|") != "Running |Completed 2025-01-02T11:05:05+0800|Completed 2025-01-02T11:05:05+0800" {
		t.Errorf("got %q", got)
	}
}
