package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
)

// control sends one request to the job API.
func control(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// jobRead is what one read of a job through its cloud API shows.
type jobRead struct{ status, reason string }

// readers read a job of each service through its cloud API, as the provider
// does (signed, under the endpoint key's prefix), and pick out its status
// and failure text.
var readers = map[string]func(t *testing.T, base string, s JobSpec) jobRead{
	"cce": func(t *testing.T, base string, s JobSpec) jobRead {
		var v struct {
			Status struct{ Phase, Reason string } `json:"status"`
		}
		decodeRead(t, call{path: "/cce/api/v3/projects/" + project + "/jobs/" + s.ID}.get(t, base), &v)
		return jobRead{v.Status.Phase, v.Status.Reason}
	},
	"cse": func(t *testing.T, base string, s JobSpec) jobRead {
		var v struct {
			Status string `json:"status"`
			Tasks  []struct {
				Tasks []struct{ Log string } `json:"tasks"`
			} `json:"tasks"`
		}
		decodeRead(t, call{path: "/cse/v2/" + project + "/enginemgr/engines/" + s.EngineID + "/jobs/" + s.ID}.get(t, base), &v)
		return jobRead{v.Status, v.Tasks[0].Tasks[0].Log}
	},
	"servicestage": func(t *testing.T, base string, s JobSpec) jobRead {
		var v struct {
			Job struct {
				ExecutionStatus string `json:"execution_status"`
			} `json:"job"`
			Tasks []struct{ Messages string } `json:"tasks"`
		}
		decodeRead(t, call{path: "/servicestage/v3/" + project + "/cas/jobs/" + s.ID}.get(t, base), &v)
		reason := v.Tasks[0].Messages
		if reason == "{}" {
			reason = ""
		}
		return jobRead{v.Job.ExecutionStatus, reason}
	},
}

// jobAPICase is a job made through the job API and the reads of it.
type jobAPICase struct {
	service, body, held string
	reads               []jobRead
}

// familyJobAPICases make a job of every service of hwcjobs_job that goes
// from its first pending status to its first failure status, with a reason.
func familyJobAPICases() []jobAPICase {
	var cases []jobAPICase
	for _, name := range jobfamily.Names() {
		svc, _ := jobfamily.Lookup(name)
		pending, failed := svc.Pending[0], svc.Failure[0]
		spec := fmt.Sprintf(`"id":"job-%[1]s","statuses":[%[2]q,%[3]q],"every":"poll","reason":"quota exceeded"`, name, pending, failed)
		cases = append(cases, jobAPICase{
			service: name,
			body:    `{"service":"` + name + `",` + spec + `}`,
			held:    `{"service":"` + name + `",` + spec + `}`,
			reads:   []jobRead{{pending, ""}, {failed, "quota exceeded"}, {failed, "quota exceeded"}},
		})
	}
	return cases
}

// readFamilyJob reads a job of hwcjobs_job as the provider does, from the
// request of its table under its endpoint key, and picks out its status and
// failure text wherever its answer shape keeps them.
func readFamilyJob(t *testing.T, base string, s JobSpec) jobRead {
	svc, _ := jobfamily.Lookup(s.Service)
	path := "/" + svc.Endpoint + strings.NewReplacer("{project_id}", project, "{job_id}", s.ID).Replace(svc.Path)
	if svc.IDQuery != "" {
		path += "?" + svc.IDQuery + "=" + s.ID
	}
	var v map[string]any
	decodeRead(t, call{path: path}.get(t, base), &v)
	if job, ok := v["job"].(map[string]any); ok {
		v = job
	}
	if jobs, ok := v["jobs"].([]any); ok && len(jobs) == 1 {
		v, _ = jobs[0].(map[string]any)
	}
	var r jobRead
	for _, k := range []string{"status", "state"} {
		if st, ok := v[k].(string); ok {
			r.status = st
		}
	}
	for _, k := range []string{"fail_reason", "error_msg", "message"} {
		if reason, ok := v[k].(string); ok && reason != "" {
			r.reason = reason
		}
	}
	if log, ok := v["log"].([]any); ok && len(log) > 0 && strings.EqualFold(r.status, "dead") {
		r.reason, _ = log[len(log)-1].(string)
	}
	return r
}

func init() {
	for _, name := range jobfamily.Names() {
		readers[name] = readFamilyJob
	}
	readers["mrs"] = func(t *testing.T, base string, s JobSpec) jobRead {
		var v struct {
			Job struct {
				State  string `json:"job_state"`
				Result string `json:"job_result"`
			} `json:"job_detail"`
		}
		r := call{path: "/mrs/v2/" + project + "/clusters/" + s.ClusterID + "/job-executions/" + s.ID}.get(t, base)
		if r.status == http.StatusAccepted { // MRS answers 202, as its reference page says
			r.status = http.StatusOK
		}
		decodeRead(t, r, &v)
		return jobRead{v.Job.State, v.Job.Result}
	}
}

func decodeRead(t *testing.T, r response, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("read: status %d, body %s", r.status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("read: %v\n%s", err, r.body)
	}
}

// The job API makes a job of every service it accepts: one status further
// at each read of it, the failure text once it has failed, the answer the
// job as held (statuses in the API's spelling), its id made when left out.
func TestJobAPIEveryService(t *testing.T) {
	for _, tc := range append([]jobAPICase{{
		service: "cce",
		body:    `{"service":"cce","id":"7f0c5b3e-1b2a-4c3d-8e9f-000000000001","statuses":["initializing","Running","FAILED"],"every":"poll","reason":"install kubelet timeout"}`,
		held:    `{"service":"cce","id":"7f0c5b3e-1b2a-4c3d-8e9f-000000000001","statuses":["Initializing","Running","Failed"],"every":"poll","reason":"install kubelet timeout"}`,
		reads:   []jobRead{{"Initializing", ""}, {"Running", ""}, {"Failed", "install kubelet timeout"}, {"Failed", "install kubelet timeout"}},
	}, {
		service: "cce",
		body:    `{"service":"cce","statuses":["Running","Success"],"every":"poll"}`,
		held:    `{"service":"cce","id":"00000000-0000-4000-8000-000000000001","statuses":["Running","Success"],"every":"poll"}`,
		reads:   []jobRead{{"Running", ""}, {"Success", ""}, {"Success", ""}},
	}, {
		service: "cse",
		body:    `{"service":"cse","engine_id":"eng-1","statuses":["Init","Executing","Error"],"every":"poll","reason":"ConfigTaskExecutor failed"}`,
		held:    `{"service":"cse","id":"1","statuses":["Init","Executing","Error"],"every":"poll","reason":"ConfigTaskExecutor failed","engine_id":"eng-1"}`,
		reads:   []jobRead{{"Init", ""}, {"Executing", ""}, {"Error", "ConfigTaskExecutor failed"}},
	}, {
		service: "cse",
		body:    `{"service":"cse","engine_id":"eng-1","id":"4242","statuses":["Finished"]}`,
		held:    `{"service":"cse","id":"4242","statuses":["Finished"],"engine_id":"eng-1"}`,
		reads:   []jobRead{{"Finished", ""}, {"Finished", ""}},
	}, {
		service: "servicestage",
		body:    `{"service":"servicestage","statuses":["submitted","running","failed"],"every":"poll","reason":"Deploy failed: image does not exist"}`,
		held:    `{"service":"servicestage","id":"JOB00000000-0000-4000-8000-000000000001","statuses":["SUBMITTED","RUNNING","FAILED"],"every":"poll","reason":"Deploy failed: image does not exist"}`,
		reads:   []jobRead{{"SUBMITTED", ""}, {"RUNNING", ""}, {"FAILED", "Deploy failed: image does not exist"}},
	}, {
		service: "mrs",
		body:    `{"service":"mrs","cluster_id":"c7d1","id":"431b","statuses":["accepted","RUNNING","FINISHED"],"every":"poll","result":"FAILED"}`,
		held:    `{"service":"mrs","id":"431b","statuses":["ACCEPTED","RUNNING","FINISHED"],"every":"poll","cluster_id":"c7d1","result":"FAILED"}`,
		reads:   []jobRead{{"ACCEPTED", "UNDEFINED"}, {"RUNNING", "UNDEFINED"}, {"FINISHED", "FAILED"}},
	}}, familyJobAPICases()...) {
		t.Run(tc.service, func(t *testing.T) {
			_, base := Start(t, Config{})
			status, body := control(t, http.MethodPost, base+"/hwcjobs-emulator/jobs", tc.body)
			if status != http.StatusCreated || compact(t, body) != compact(t, tc.held) {
				t.Fatalf("POST: %d %s, want 201 %s", status, body, tc.held)
			}
			var held JobSpec
			if err := json.Unmarshal([]byte(body), &held); err != nil {
				t.Fatal(err)
			}
			for i, want := range tc.reads {
				if got := readers[tc.service](t, base, held); got != want {
					t.Fatalf("read %d: %+v, want %+v", i+1, got, want)
				}
			}
		})
	}
	// Every service the job API accepts is tested here.
	for _, s := range JobServices() {
		if readers[s] == nil {
			t.Errorf("service %q of the job API has no test", s)
		}
	}
}

// "every" as a duration moves a job on the emulator's clock from its
// creation, however often it is read.
func TestJobAPIEveryDuration(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	held, err := e.AddJob(JobSpec{Service: "servicestage", ID: "JOB-timed", Statuses: []string{"RUNNING", "SUCCEEDED"}, Every: "2s"})
	if err != nil {
		t.Fatal(err)
	}
	read := func() string { return readers["servicestage"](t, base, held).status }
	for range 3 {
		if got := read(); got != "RUNNING" {
			t.Fatalf("before 2s: %s", got)
		}
	}
	clock.Advance(2*time.Second - time.Millisecond)
	if got := read(); got != "RUNNING" {
		t.Fatalf("at 1.999s: %s", got)
	}
	clock.Advance(time.Millisecond)
	if got := read(); got != "SUCCEEDED" {
		t.Fatalf("at 2s: %s", got)
	}
}

// GET lists the jobs made, oldest first; DELETE forgets one, after which its
// cloud API answers "not found" and the job API knows it no more.
func TestJobAPIListAndForget(t *testing.T) {
	e, base := Start(t, Config{})
	for _, body := range []string{
		`{"service":"cce","id":"job-a","statuses":["Running"]}`,
		`{"service":"cse","engine_id":"eng","id":"7","statuses":["Executing"]}`,
		`{"service":"servicestage","id":"JOB-c","statuses":["RUNNING"]}`,
	} {
		if status, out := control(t, http.MethodPost, base+"/hwcjobs-emulator/jobs", body); status != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", body, status, out)
		}
	}
	status, body := control(t, http.MethodGet, base+"/hwcjobs-emulator/jobs", "")
	want := `{"jobs":[{"service":"cce","id":"job-a","statuses":["Running"]},` +
		`{"service":"cse","id":"7","statuses":["Executing"],"engine_id":"eng"},` +
		`{"service":"servicestage","id":"JOB-c","statuses":["RUNNING"]}]}`
	if status != http.StatusOK || compact(t, body) != compact(t, want) {
		t.Fatalf("GET: %d %s\nwant %s", status, body, want)
	}
	if status, body := control(t, http.MethodGet, base+"/hwcjobs-emulator/jobs/7", ""); status != http.StatusOK ||
		compact(t, body) != compact(t, `{"service":"cse","id":"7","statuses":["Executing"],"engine_id":"eng"}`) {
		t.Fatalf("GET one: %d %s", status, body)
	}

	paths := map[string]string{
		"job-a": "/cce/api/v3/projects/" + project + "/jobs/job-a",
		"7":     "/cse/v2/" + project + "/enginemgr/engines/eng/jobs/7",
		"JOB-c": "/servicestage/v3/" + project + "/cas/jobs/JOB-c",
	}
	notFound := map[string]string{"job-a": codeCCEJobAbsent, "7": codeCSEJobAbsent, "JOB-c": codeSSJobAbsent}
	// CSE answers a job it does not know with 400, as its error code page says.
	notFoundStatus := map[string]int{"job-a": http.StatusNotFound, "7": http.StatusBadRequest, "JOB-c": http.StatusNotFound}
	for _, id := range []string{"7", "job-a", "JOB-c"} {
		if status, body := control(t, http.MethodDelete, base+"/hwcjobs-emulator/jobs/"+id, ""); status != http.StatusNoContent || body != "" {
			t.Fatalf("DELETE %s: %d %q", id, status, body)
		}
		r := call{path: paths[id]}.get(t, base)
		if r.status != notFoundStatus[id] || !strings.Contains(r.body, notFound[id]) {
			t.Fatalf("after DELETE %s the API answers %d %s", id, r.status, r.body)
		}
		status, body := control(t, http.MethodDelete, base+"/hwcjobs-emulator/jobs/"+id, "")
		if status != http.StatusNotFound || compact(t, body) != `{"error":"the job API holds no job \"`+id+`\""}` {
			t.Fatalf("DELETE %s again: %d %s", id, status, body)
		}
	}
	if jobs := e.Jobs(); len(jobs) != 0 {
		t.Fatalf("jobs left: %+v", jobs)
	}
	// A forgotten id can be made again.
	if status, body := control(t, http.MethodPost, base+"/hwcjobs-emulator/jobs", `{"service":"cce","id":"job-a","statuses":["Success"]}`); status != http.StatusCreated {
		t.Fatalf("POST again: %d %s", status, body)
	}
}

// Bodies that cannot make a job are refused with the reason; an id the
// emulator holds already (made by the job API, or by a seed) is a 409.
func TestJobAPIRefuses(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	if _, err := e.AddFamilyJob(FamilyJob{Service: "ecs", ID: "ecs-taken", Statuses: []string{"RUNNING"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddJob(JobSpec{Service: "cce", ID: "taken", Statuses: []string{"Running"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body   string
		status int
		reason string
	}{
		{`{"statuses":["Running"]}`, 400, `service is missing: one of bms, cce, cse, dcs, dds, deh, dli, dli_spark, ecs, eip, elb, evs, gaussdb_mysql, geminidb, ims, mrs, opengauss, rds, sdrs, servicestage`},
		{`{"service":"ecs2","statuses":["Running"]}`, 400, `unknown service "ecs2": one of bms, cce, cse, dcs, dds, deh, dli, dli_spark, ecs, eip, elb, evs, gaussdb_mysql, geminidb, ims, mrs, opengauss, rds, sdrs, servicestage`},
		{`{"service":"cce"}`, 400, `statuses is missing: at least one of Initializing, Running, Success, Failed`},
		{`{"service":"cce","statuses":["Running","Done"],"every":"poll"}`, 400,
			`"Done" is not a status of a cce job: one of Initializing, Running, Success, Failed`},
		{`{"service":"servicestage","statuses":["Finished"]}`, 400,
			`"Finished" is not a status of a servicestage job: one of SUBMITTED, SCHEDULED, RUNNING, FAILED, SUCCEEDED, CANCELLED, PARTIALLY_FAILED, ROLLBACKING, ROLLBACKED, UNKNOWN`},
		{`{"service":"cce","statuses":["Running","Success"]}`, 400,
			`every is missing: with several statuses it says when the next one shows, a duration such as "2s" or "poll"`},
		{`{"service":"cce","statuses":["Running","Success"],"every":"2"}`, 400, `every "2" is neither a positive duration such as "2s" nor "poll"`},
		{`{"service":"cce","statuses":["Running","Success"],"every":"-1s"}`, 400, `every "-1s" is neither a positive duration such as "2s" nor "poll"`},
		{`{"service":"cce","statuses":["Running","Success"],"every":"per poll"}`, 400, `every "per poll" is neither a positive duration such as "2s" nor "poll"`},
		{`{"service":"cse","statuses":["Init"]}`, 400, `engine_id is missing: a cse job needs it`},
		{`{"service":"cce","engine_id":"e","statuses":["Running"]}`, 400, `engine_id is not a field of a cce job`},
		{`{"service":"cce","cluster_id":"c","statuses":["Running"]}`, 400, `cluster_id is not a field of a cce job`},
		{`{"service":"cse","engine_id":"e","id":"abc","statuses":["Init"]}`, 400, `id "abc" is not a CSE job id: CSE job ids are positive integers`},
		{`{"service":"cce","status":"Running"}`, 400, `the body is not a job: json: unknown field "status"`},
		{`{"service":"rds","statuses":["Running","SUCCESS"],"every":"poll"}`, 400, `"SUCCESS" is not a status of a rds job: one of Completed, Failed, Running`},
		{`{"service":"mrs","statuses":["RUNNING"]}`, 400, `cluster_id is missing: a mrs job needs it`},
		{`{"service":"mrs","cluster_id":"c","statuses":["FAILED"],"reason":"oom"}`, 400,
			`reason is not a field of an mrs job: MRS gives no failure text, only job_state and job_result`},
		{`{"service":"ecs","cluster_id":"c","statuses":["RUNNING"]}`, 400, `cluster_id is not a field of a ecs job`},
		{`{"service":"ecs","id":"ecs-taken","statuses":["RUNNING"]}`, 409,
			`job already held: the emulator holds a ecs job "ecs-taken" already; leave id out to have one made`},
		{`{"service":"cce","statuses":"Running"}`, 400, `the body is not a job: json: cannot unmarshal string into Go struct field JobSpec.statuses of type []string`},
		{`service=cce`, 400, `the body is not a job: invalid character 's' looking for beginning of value`},
		{`{"service":"cce","id":"taken","statuses":["Success"]}`, 409,
			`job already held: the emulator holds a cce job "taken" already; leave id out to have one made`},
		{`{"service":"servicestage","id":"` + ExampleServiceStageJobID + `","statuses":["RUNNING"]}`, 409,
			`job already held: the emulator holds a servicestage job "` + ExampleServiceStageJobID + `" already; leave id out to have one made`},
	} {
		status, body := control(t, http.MethodPost, base+"/hwcjobs-emulator/jobs", tc.body)
		want := string(marshal(map[string]string{"error": tc.reason}, ""))
		if status != tc.status || compact(t, body) != compact(t, want) {
			t.Errorf("POST %s:\n got %d %s\nwant %d %s", tc.body, status, body, tc.status, want)
		}
	}
	if jobs := e.Jobs(); len(jobs) != 1 {
		t.Fatalf("refused bodies made jobs: %+v", jobs)
	}
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodPut, "/hwcjobs-emulator/jobs", "GET, POST"},
		{http.MethodPost, "/hwcjobs-emulator/jobs/taken", "GET, DELETE"},
	} {
		req, _ := http.NewRequest(tc.method, base+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d, Allow %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if status, _ := control(t, http.MethodGet, base+"/hwcjobs-emulator/nope", ""); status != http.StatusNotFound {
		t.Errorf("unknown path: %d", status)
	}
	// The job API is not a cloud API: no request of it is in the log.
	if n := e.Count(""); n != 0 {
		t.Errorf("%d requests logged", n)
	}
}

// -jobs FILE: every job of the array is held; the first one that cannot be
// made stops the load with its number and reason.
func TestLoadJobs(t *testing.T) {
	e := New(Config{})
	err := e.LoadJobs([]byte(`[
  {"service":"cce","id":"a","statuses":["Running","Success"],"every":"poll"},
  {"service":"servicestage","id":"JOB-b","statuses":["FAILED"],"reason":"no quota"}
]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Jobs(); len(got) != 2 || got[0].ID != "a" || got[1].ID != "JOB-b" {
		t.Fatalf("jobs %+v", got)
	}
	for _, tc := range []struct{ file, want string }{
		{`[{"service":"cce","statuses":["Running"]},{"service":"cce","statuses":["Doing"]}]`,
			`job 2 of 2: "Doing" is not a status of a cce job: one of Initializing, Running, Success, Failed`},
		{`[{"service":"cce","id":"a","statuses":["Running"]}]`,
			`job 1 of 1: job already held: the emulator holds a cce job "a" already; leave id out to have one made`},
		{`{"service":"cce","statuses":["Running"]}`,
			`not a JSON array of jobs: json: cannot unmarshal object into Go value of type []emulator.JobSpec`},
		{`[{"service":"cce","statuses":["Running"],"when":"now"}]`, `not a JSON array of jobs: json: unknown field "when"`},
	} {
		err := e.LoadJobs([]byte(tc.file))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %s", tc.file, err, tc.want)
		}
	}
	if _, err := e.AddJob(JobSpec{Service: "cce", ID: "a", Statuses: []string{"Running"}}); !errors.Is(err, ErrJobExists) {
		t.Errorf("AddJob of a held id: %v", err)
	}
}
