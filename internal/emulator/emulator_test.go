package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

const project = DefaultProjectID

// newFakeClock is a Config.Clock that moves only when told.
func newFakeClock() *fakeclock.Clock {
	return fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
}

// call is one GET request of a test.
type call struct {
	path   string
	query  url.Values
	header map[string]string
	// auth: "" signs with the default keys, "none" sends no credentials,
	// "token:T" sends X-Auth-Token T, "aksk:AK:SK" signs with AK/SK.
	auth   string
	client *http.Client
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c call) do(ctx context.Context, base string) (response, error) {
	u := base + c.path
	if len(c.query) > 0 {
		u += "?" + sign.CanonicalQuery(c.query)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", contentType)
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	switch kind, rest, _ := strings.Cut(c.auth, ":"); kind {
	case "":
		sign.Sign(req, DefaultAccessKey, DefaultSecretKey, nil, time.Now())
	case "token":
		req.Header.Set("X-Auth-Token", rest)
	case "aksk":
		ak, sk, _ := strings.Cut(rest, ":")
		sign.Sign(req, ak, sk, nil, time.Now())
	}
	client := c.client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{resp.StatusCode, resp.Header, string(body)}, nil
}

func (c call) get(t *testing.T, base string) response {
	t.Helper()
	r, err := c.do(context.Background(), base)
	if err != nil {
		t.Fatalf("GET %s: %v", c.path, err)
	}
	return r
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

// wantError checks the status and one code field of an error body.
func wantError(t *testing.T, r response, status int, key, code string) map[string]any {
	t.Helper()
	wantStatus(t, r, status)
	v := r.object(t)
	if v[key] != code {
		t.Fatalf("%s = %v, want %s; body %s", key, v[key], code, r.body)
	}
	return v
}

func cseListPath(engine string) string {
	return "/v2/" + project + "/enginemgr/engines/" + engine + "/jobs"
}
func cseJobPath(engine, id string) string {
	return cseListPath(engine) + "/" + id
}

const (
	dlfPath = "/v1/" + project + "/jobs"
	ccePath = "/api/v2/projects/" + project + "/jobs"
	ssPath  = "/v3/" + project + "/cas/jobs/"
)

func TestAuthentication(t *testing.T) {
	_, base := Start(t, Config{})
	iam := call{path: "/v3/projects", query: url.Values{"name": {DefaultRegion}}}

	t.Run("signature", func(t *testing.T) {
		r := iam.get(t, base)
		wantStatus(t, r, 200)
		projects := r.object(t)["projects"].([]any)
		if len(projects) != 1 || projects[0].(map[string]any)["id"] != project ||
			projects[0].(map[string]any)["name"] != DefaultRegion {
			t.Fatalf("projects = %v", projects)
		}
		if ct := r.header.Get("Content-Type"); ct != contentType {
			t.Fatalf("Content-Type = %q", ct)
		}
	})
	t.Run("token", func(t *testing.T) {
		c := iam
		c.auth = "token:" + DefaultToken
		wantStatus(t, c.get(t, base), 200)
	})
	for _, tt := range []struct{ name, auth, code, mention string }{
		{"wrong secret", "aksk:test-ak:wrong", "APIGW.0301", "signature does not match"},
		{"unknown access key", "aksk:other-ak:test-sk", "APIGW.0301", "unknown access key"},
		{"wrong token", "token:nope", "APIGW.0307", "X-Auth-Token"},
		{"no credentials", "none", "APIGW.0307", "neither"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := iam
			c.auth = tt.auth
			r := c.get(t, base)
			v := wantError(t, r, 401, "error_code", tt.code)
			msg, _ := v["error_msg"].(string)
			if !strings.HasPrefix(msg, "Incorrect IAM authentication information: ") || !strings.Contains(msg, tt.mention) {
				t.Fatalf("error_msg = %q", msg)
			}
			if v["request_id"] != r.header.Get("X-Request-Id") || r.header.Get("X-Request-Id") == "" {
				t.Fatalf("request_id %v, header %q", v["request_id"], r.header.Get("X-Request-Id"))
			}
		})
	}
	t.Run("tampered query", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, base+"/v3/projects?name=cn-north-4", nil)
		sign.Sign(req, DefaultAccessKey, DefaultSecretKey, nil, time.Now())
		req.URL.RawQuery = "name=other"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}

func TestGatewayChecks(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("eng", 1)

	ids := map[string]bool{}
	for range 3 {
		r := call{path: "/nowhere"}.get(t, base)
		wantError(t, r, 404, "error_code", "APIGW.0101")
		ids[r.header.Get("X-Request-Id")] = true
	}
	if len(ids) != 3 {
		t.Fatalf("request ids not unique: %v", ids)
	}

	r := call{path: cseListPath("eng"), header: map[string]string{"X-Project-Id": "other"}}.get(t, base)
	wantError(t, r, 403, "error_code", "APIGW.0305")
	r = call{path: cseListPath("eng"), header: map[string]string{"X-Project-Id": project}}.get(t, base)
	wantStatus(t, r, 200)

	// Unknown project ids: 404 in each service's shape.
	other := "ffffffffffffffffffffffffffffffff"
	wantError(t, call{path: "/v2/" + other + "/enginemgr/engines/eng/jobs"}.get(t, base), 404, "error_code", "CSE.00400002")
	wantError(t, call{path: "/v2/" + other + "/enginemgr/engines/eng/jobs/1"}.get(t, base), 404, "errorCode", "CSE.00400002")
	wantError(t, call{path: "/v1/" + other + "/jobs"}.get(t, base), 404, "error_code", "DLF.0404")
	wantError(t, call{path: "/api/v2/projects/" + other + "/jobs"}.get(t, base), 404, "code", "CCE.01404001")
	v := call{path: "/v3/" + other + "/cas/jobs/x"}.get(t, base).object(t)
	if v["error"].(map[string]any)["code"] != "SVCSTG.00100404" {
		t.Fatalf("ServiceStage error %v", v)
	}

	req, _ := http.NewRequest(http.MethodPost, base+cseListPath("eng"), strings.NewReader("{}"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Fatalf("POST: status %d", resp.StatusCode)
	}

	r = call{path: "/v3/projects", query: url.Values{"name": {"eu-west-0"}}}.get(t, base)
	if p := r.object(t)["projects"].([]any); len(p) != 0 {
		t.Fatalf("projects of another region: %v", p)
	}
}

func TestExamplesByteForByte(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	e.LoadExamples() // idempotent
	for _, tt := range []struct {
		name string
		c    call
		want string
	}{
		{"CSE list", call{path: cseListPath(ExampleEngineID)}, ExampleCSEList},
		{"CSE list offset 0", call{path: cseListPath(ExampleEngineID), query: url.Values{"offset": {"0"}, "limit": {"100"}}}, ExampleCSEList},
		{"CSE list offset 1", call{path: cseListPath(ExampleEngineID), query: url.Values{"offset": {"1"}, "limit": {"100"}}}, `{"total":100,"data":[]}`},
		{"CSE job", call{path: cseJobPath(ExampleEngineID, "12339")}, ExampleCSEJob},
		{"DLF list", call{path: dlfPath}, ExampleDLFList},
		{"DLF list, explicit defaults", call{path: dlfPath, query: url.Values{"jobType": {"BATCH"}, "offset": {"0"}, "limit": {"100"}}}, ExampleDLFList},
		{"DLF error", call{path: dlfPath, query: url.Values{"jobType": {"STREAM"}}}, ExampleDLFError},
		{"CCE list", call{path: ccePath}, ExampleCCEList},
		{"ServiceStage job", call{path: ssPath + ExampleServiceStageJobID}, ExampleServiceStageJob},
		{"ServiceStage job, all tasks", call{path: ssPath + ExampleServiceStageJobID, query: url.Values{"limit": {"100"}, "offset": {"0"}, "desc": {"false"}}}, ExampleServiceStageJob},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.get(t, base)
			if r.body != tt.want {
				t.Fatalf("body\n%s\nwant\n%s", r.body, tt.want)
			}
			if !json.Valid([]byte(r.body)) {
				t.Fatal("example is not valid JSON")
			}
		})
	}
}

// The model renders CSE jobs exactly like the examples, apart from layout.
func TestCSEModelMatchesExamples(t *testing.T) {
	e, base := Start(t, Config{})
	ms := time.UnixMilli
	e.AddCSEJob(ExampleEngineID, CSEJob{
		ID: 12339, Type: "Create", Status: "Finished", CreateUser: "test", Context: "string",
		StartTime: ms(1636540095901), EndTime: ms(1636540460230),
		Phases: []CSEPhase{{
			Name: "resourcePrepare", Status: "Finished", StartTime: ms(1636540100216), EndTime: ms(1636540110215),
			Duration: time.Minute, Description: "Resource preparation",
			Tasks: []CSETask{{
				ID: 89117, Assigned: "string", TaskName: "TenantTaskExecutor", EngineName: "test", Status: "Init",
				StartTime: ms(1636540100216), EndTime: ms(1636540110215), CreateTime: ms(1636540095910),
				UpdateTime: ms(1636540110230), Timeout: -1, Log: "string", Duration: 6 * time.Second,
				Description: "Tenant processing",
			}},
		}},
	})
	list := call{path: cseListPath(ExampleEngineID)}.get(t, base).body
	if want := strings.Replace(ExampleCSEList, `"total": 100`, `"total": 1`, 1); list != want {
		t.Fatalf("list\n%s\nwant\n%s", list, want)
	}

	// The show example differs in context, assigned, log and durations.
	e.AddCSEJob(ExampleEngineID, CSEJob{
		ID: 12339, Type: "Create", Status: "Finished", CreateUser: "test",
		StartTime: ms(1636540095901), EndTime: ms(1636540460230),
		Phases: []CSEPhase{{
			Name: "resourcePrepare", StartTime: ms(1636540100216), EndTime: ms(1636540110215),
			Duration: time.Minute, Description: "Resource preparation",
			Tasks: []CSETask{{
				ID: 89117, TaskName: "TenantTaskExecutor", EngineName: "test", Status: "Init",
				StartTime: ms(1636540100216), EndTime: ms(1636540110215), CreateTime: ms(1636540095910),
				UpdateTime: ms(1636540110230), Timeout: -1, Duration: time.Minute, Description: "Tenant processing",
			}},
		}},
	})
	show := call{path: cseJobPath(ExampleEngineID, "12339")}.get(t, base).body
	if compact(t, show) != compact(t, ExampleCSEJob) {
		t.Fatalf("show\n%s\nwant the content of\n%s", show, ExampleCSEJob)
	}
	if !strings.HasPrefix(show, "{\n\t\"id\": 12339,") {
		t.Fatalf("show is not tab-indented:\n%s", show)
	}
}

func compact(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCSEPagingAndErrors(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("eng", 25)
	e.AddCSEEngine("empty")

	type list struct {
		Total int `json:"total"`
		Data  []struct {
			ID        int64            `json:"id"`
			StartTime int64            `json:"startTime"`
			Tasks     []map[string]any `json:"tasks"`
		} `json:"data"`
	}
	read := func(q url.Values) list {
		t.Helper()
		r := call{path: cseListPath("eng"), query: q}.get(t, base)
		wantStatus(t, r, 200)
		var l list
		if err := json.Unmarshal([]byte(r.body), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := read(nil)
	if l.Total != 25 || len(l.Data) != 10 || l.Data[0].ID != 1 {
		t.Fatalf("default page: total %d, %d jobs", l.Total, len(l.Data))
	}
	l = read(url.Values{"offset": {"20"}, "limit": {"10"}})
	if l.Total != 25 || len(l.Data) != 5 || l.Data[0].ID != 21 || l.Data[4].ID != 25 {
		t.Fatalf("last page: total %d, %+v", l.Total, l.Data)
	}
	if len(l.Data[0].Tasks) != 1 || len(l.Data[1].Tasks) != 2 {
		t.Fatalf("tasks of jobs 21, 22: %d, %d", len(l.Data[0].Tasks), len(l.Data[1].Tasks))
	}
	if l = read(url.Values{"offset": {"30"}, "limit": {"10"}}); l.Total != 25 || len(l.Data) != 0 {
		t.Fatalf("past the end: %+v", l)
	}
	// Time window: jobs 3..5 (inclusive bounds).
	all := read(url.Values{"limit": {"100"}})
	from, to := all.Data[2].StartTime, all.Data[4].StartTime
	l = read(url.Values{"limit": {"100"}, "from-time": {itoa(from)}, "to-time": {itoa(to)}})
	if l.Total != 3 || len(l.Data) != 3 || l.Data[0].ID != 3 {
		t.Fatalf("window: %+v", l)
	}

	wantError(t, call{path: cseListPath("eng"), query: url.Values{"limit": {"101"}}}.get(t, base), 400, "error_code", codeCSEBadParam)
	wantError(t, call{path: cseListPath("eng"), query: url.Values{"offset": {"x"}}}.get(t, base), 400, "error_code", codeCSEBadParam)
	// The codes of the CSE error code page, with HTTP 400.
	if codeCSEEngineAbsent != "SVCSTG.00501116" || codeCSEJobAbsent != "SVCSTG.00501153" || codeCSEBadJobID != "SVCSTG.00501152" {
		t.Fatalf("codes %s, %s, %s are not those of the page", codeCSEEngineAbsent, codeCSEJobAbsent, codeCSEBadJobID)
	}
	wantError(t, call{path: cseListPath("nope")}.get(t, base), 400, "error_code", codeCSEEngineAbsent)
	if r := (call{path: cseListPath("empty")}).get(t, base); r.body != "{\n  \"total\": 0,\n  \"data\": []\n}" {
		t.Fatalf("empty engine: %s", r.body)
	}
	v := wantError(t, call{path: cseJobPath("eng", "99")}.get(t, base), 400, "errorCode", codeCSEJobAbsent)
	if v["errorMessage"] != "No task found." || v["detail"] != "job_id: 99" {
		t.Fatalf("message and detail: %v", v)
	}
	wantError(t, call{path: cseJobPath("eng", "abc")}.get(t, base), 400, "errorCode", codeCSEBadJobID)
	v = wantError(t, call{path: cseJobPath("nope", "1")}.get(t, base), 400, "errorCode", codeCSEEngineAbsent)
	if v["errorMessage"] != "Failed to find the engine instance." || v["detail"] != "engine_id: nope" {
		t.Fatalf("message and detail: %v", v)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDLFPagingAndFilters(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateDLFJobs("ws", "BATCH", 230)
	e.GenerateDLFJobs("ws", "REAL_TIME", 3)

	type list struct {
		Jobs []struct {
			Name    string `json:"name"`
			JobType string `json:"jobType"`
		} `json:"jobs"`
		Total int `json:"total"`
	}
	read := func(q url.Values, workspace string) list {
		t.Helper()
		c := call{path: dlfPath, query: q}
		if workspace != "" {
			c.header = map[string]string{"workspace": workspace}
		}
		r := c.get(t, base)
		wantStatus(t, r, 200)
		var l list
		if err := json.Unmarshal([]byte(r.body), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := read(nil, "ws"); l.Total != 230 || len(l.Jobs) != 10 || l.Jobs[0].Name != "job-0001" {
		t.Fatalf("default page: %+v", l)
	}
	if l := read(url.Values{"offset": {"200"}, "limit": {"100"}}, "ws"); l.Total != 230 || len(l.Jobs) != 30 || l.Jobs[0].Name != "job-0201" {
		t.Fatalf("last page: total %d, %d jobs", l.Total, len(l.Jobs))
	}
	if l := read(url.Values{"jobType": {"REAL_TIME"}}, "ws"); l.Total != 3 || l.Jobs[0].JobType != "REAL_TIME" {
		t.Fatalf("real-time: %+v", l)
	}
	if l := read(url.Values{"jobName": {"job-01"}, "limit": {"1000"}}, "ws"); l.Total != 100 {
		t.Fatalf("name filter: total %d", l.Total)
	}
	if l := read(url.Values{"tags": {"even,three"}, "limit": {"1000"}}, "ws"); l.Total != 38 || l.Jobs[0].Name != "job-0006" {
		t.Fatalf("tags filter: total %d", l.Total)
	}
	if l := read(nil, ""); l.Total != 0 || l.Jobs == nil {
		t.Fatalf("default workspace: %+v", l)
	}
	for _, q := range []url.Values{
		{"jobType": {"batch"}}, {"limit": {"0"}}, {"limit": {"1001"}}, {"offset": {"-1"}}, {"limit": {"ten"}},
	} {
		r := call{path: dlfPath, query: q, header: map[string]string{"workspace": "ws"}}.get(t, base)
		if r.status != 400 || r.body != ExampleDLFError {
			t.Fatalf("%v: status %d body %s", q, r.status, r.body)
		}
	}
}

func TestCCEList(t *testing.T) {
	e, base := Start(t, Config{})
	if r := (call{path: ccePath}).get(t, base); r.body != "[ ]" {
		t.Fatalf("empty list: %q", r.body)
	}
	e.GenerateCCEJobs(5, 3)
	r := call{path: ccePath}.get(t, base)
	wantStatus(t, r, 200)
	type job struct {
		Metadata struct {
			UID               string `json:"uid"`
			CreationTimestamp string `json:"creationTimestamp"`
		} `json:"metadata"`
		Spec struct {
			SubJobs []json.RawMessage `json:"subjobs"`
		} `json:"spec"`
		Status struct {
			Status string `json:"status"`
			Reason string `json:"reason"`
		} `json:"status"`
	}
	var jobs []job
	if err := json.Unmarshal([]byte(r.body), &jobs); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	if len(jobs) != 5 || jobs[4].Status.Status != "Failed" || jobs[4].Status.Reason == "" {
		t.Fatalf("jobs: %+v", jobs)
	}
	if ts := jobs[0].Metadata.CreationTimestamp; ts != "2024-01-01 08:01:00.000001 +0000 UTC" {
		t.Fatalf("creationTimestamp = %q", ts)
	}
	// Depth: follow the first chain.
	depth, subs := 0, jobs[0].Spec.SubJobs
	if len(subs) != 2 {
		t.Fatalf("%d subjobs", len(subs))
	}
	for len(subs) > 0 {
		depth++
		var sub job
		if err := json.Unmarshal(subs[0], &sub); err != nil {
			t.Fatal(err)
		}
		subs = sub.Spec.SubJobs
	}
	if depth != 3 {
		t.Fatalf("depth %d", depth)
	}
	if !strings.HasPrefix(r.body, "[ {\n\"kind\" : \"Job\",\n") || !strings.Contains(r.body, "\"subjobs\" : [ {\n") {
		t.Fatalf("not in the example's style:\n%.300s", r.body)
	}
}

func TestServiceStageTasks(t *testing.T) {
	e, base := Start(t, Config{})
	var tasks []ServiceStageTask
	for i := 5; i >= 1; i-- {
		tasks = append(tasks, ServiceStageTask{ID: "T" + itoa(int64(i)), Index: int64(i), Name: "task", Status: "SUCCEEDED",
			CreatedAt: time.Date(2024, 6, 6, 15, 55, 31, 100e6, time.UTC)})
	}
	e.AddServiceStageJob(ServiceStageJob{ID: "J", Type: "PROVISION", Status: "SUCCEEDED", Tasks: tasks, OrderID: "O-1"})
	e.AddServiceStageJob(ServiceStageJob{ID: "U", Type: "PROVISION", Status: "SUCCEEDED", Tasks: tasks[:1], UpperCaseKeys: true})

	ids := func(v map[string]any) (out []string) {
		tasks, _ := v["tasks"].([]any)
		for _, task := range tasks {
			fields, _ := task.(map[string]any)
			id, _ := fields["task_id"].(string)
			out = append(out, id)
		}
		return out
	}
	v := call{path: ssPath + "J", query: url.Values{"limit": {"2"}, "offset": {"1"}}}.get(t, base).object(t)
	if got := strings.Join(ids(v), ","); got != "T2,T3" || v["task_count"] != 5.0 {
		t.Fatalf("page: %s, task_count %v", got, v["task_count"])
	}
	if v["job"].(map[string]any)["order_id"] != "O-1" {
		t.Fatalf("job: %v", v["job"])
	}
	v = call{path: ssPath + "J", query: url.Values{"limit": {"2"}, "desc": {"true"}}}.get(t, base).object(t)
	if got := strings.Join(ids(v), ","); got != "T5,T4" {
		t.Fatalf("desc page: %s", got)
	}
	r := call{path: ssPath + "J"}.get(t, base)
	if !strings.Contains(r.body, `"created_at": "2024-06-06T15:55:31.1Z"`) {
		t.Fatalf("time format:\n%s", r.body)
	}
	r = call{path: ssPath + "U"}.get(t, base)
	for _, key := range []string{`"EXECUTION_STATUS": "SUCCEEDED"`, `"JOB_ID": "U"`, `"PROJECT_ID": "` + project,
		`"TASK_ID": "T5"`, `"CREATED_AT": "2024-06-06T15:55:31.1Z"`, `"MESSAGES": "{}"`, `"task_count": 1`} {
		if !strings.Contains(r.body, key) {
			t.Fatalf("upper-case rendering lacks %s:\n%s", key, r.body)
		}
	}
}

func TestServiceStageNotFound(t *testing.T) {
	_, base := Start(t, Config{})
	r := call{path: ssPath + "JOB-x"}.get(t, base)
	if r.status != 404 || r.body != `{"error":{"code":"SVCSTG.00100404","message":"Job JOB-x not found"}}` {
		t.Fatalf("status %d body %s", r.status, r.body)
	}
	r = call{path: ssPath + "JOB-x", query: url.Values{"limit": {"-1"}}}.get(t, base)
	wantStatus(t, r, 400)
}

func TestPerPollProgress(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.AddCSEJob("eng", CSEJob{
		ID: 7, Type: "Create", StartTime: clock.Now(),
		Phases:   []CSEPhase{{Name: "p", Tasks: []CSETask{{ID: 70, TaskName: "a"}, {ID: 71, TaskName: "b"}}}},
		Progress: Progress{Statuses: []string{"Init", "Executing", "Finished"}},
	})
	e.AddCSEJob("eng", CSEJob{
		ID: 8, Type: "Create", FailureLog: "disk full",
		Phases:   []CSEPhase{{Name: "p", Tasks: []CSETask{{ID: 80, TaskName: "a", Log: "ok"}}}},
		Progress: Progress{Statuses: []string{"Executing", "Error"}},
	})
	status := func(path string) map[string]any {
		t.Helper()
		r := call{path: path}.get(t, base)
		wantStatus(t, r, 200)
		return r.object(t)
	}
	listStatus := func() string {
		t.Helper()
		return status(cseListPath("eng"))["data"].([]any)[0].(map[string]any)["status"].(string)
	}
	if s := listStatus(); s != "Init" {
		t.Fatalf("before polls, list shows %s", s)
	}
	for i, want := range []string{"Init", "Executing", "Finished", "Finished"} {
		clock.Advance(time.Second)
		v := status(cseJobPath("eng", "7"))
		if v["status"] != want {
			t.Fatalf("poll %d: %v, want %s", i+1, v["status"], want)
		}
		if v["status"] != "Finished" && v["endTime"] != 0.0 {
			t.Fatalf("poll %d: endTime %v before the end", i+1, v["endTime"])
		}
		if i == 1 {
			for range 3 { // lists do not advance
				if s := listStatus(); s != "Executing" {
					t.Fatalf("list after poll 2 shows %s", s)
				}
			}
		}
	}
	v := status(cseJobPath("eng", "7"))
	// Finished on the third poll, at 3s.
	if want := float64(time.Date(2025, 1, 2, 3, 4, 8, 0, time.UTC).UnixMilli()); v["endTime"] != want {
		t.Fatalf("endTime %v, want %v", v["endTime"], want)
	}
	// Phase statuses follow the job when not given.
	if ph := v["tasks"].([]any)[0].(map[string]any); ph["status"] != "Finished" {
		t.Fatalf("phase status %v", ph["status"])
	}

	taskLog := func(v map[string]any) any {
		ph := v["tasks"].([]any)[0].(map[string]any)
		return ph["tasks"].([]any)[0].(map[string]any)["log"]
	}
	if v := status(cseJobPath("eng", "8")); v["status"] != "Executing" || taskLog(v) != "ok" {
		t.Fatalf("job 8 poll 1: %v, log %v", v["status"], taskLog(v))
	}
	if v := status(cseJobPath("eng", "8")); v["status"] != "Error" || taskLog(v) != "disk full" {
		t.Fatalf("job 8 poll 2: %v, log %v", v["status"], taskLog(v))
	}
}

func TestTimeProgress(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	start := clock.Now()
	e.AddServiceStageJob(ServiceStageJob{
		ID: "J", Type: "PROVISION",
		Tasks: []ServiceStageTask{
			{ID: "a", Index: 1, Name: "first", Status: "SUCCEEDED"},
			{ID: "b", Index: 2, Name: "second"},
		},
		Progress:        Progress{Statuses: []string{"RUNNING", "ROLLBACKING", "FAILED"}, Every: 10 * time.Second},
		FailureMessages: "deploy failed: image not found",
	})
	e.AddCSEJob("eng", CSEJob{ID: 1, Type: "Create", Progress: Progress{Statuses: []string{"Init", "Finished"}, Every: time.Minute}})

	job := func() (status string, last map[string]any) {
		t.Helper()
		v := call{path: ssPath + "J"}.get(t, base).object(t)
		tasks := v["tasks"].([]any)
		return v["job"].(map[string]any)["execution_status"].(string), tasks[len(tasks)-1].(map[string]any)
	}
	for _, step := range []struct {
		advance  time.Duration
		status   string
		messages string
	}{
		{0, "RUNNING", "{}"},
		{9 * time.Second, "RUNNING", "{}"},
		{time.Second, "ROLLBACKING", "{}"},
		{10 * time.Second, "FAILED", "deploy failed: image not found"},
		{time.Hour, "FAILED", "deploy failed: image not found"},
	} {
		clock.Advance(step.advance)
		status, last := job()
		if status != step.status || last["messages"] != step.messages || last["task_status"] != step.status {
			t.Fatalf("after %s: %s, last task %v", clock.Now().Sub(start), status, last)
		}
	}

	// Lists follow time-based progress too; the end time is when the status was reached.
	v := call{path: cseListPath("eng")}.get(t, base).object(t)
	j := v["data"].([]any)[0].(map[string]any)
	if j["status"] != "Finished" || j["endTime"] != float64(start.Add(time.Minute).UnixMilli()) {
		t.Fatalf("CSE job: %v", j)
	}
}

func TestFaults(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	list := call{path: ccePath}

	t.Run("429 with Retry-After", func(t *testing.T) {
		e.Inject(Fault{Path: "/api/v2/", Status: 429, RetryAfter: "3", Times: 1})
		defer e.ClearFaults()
		r := list.get(t, base)
		v := wantError(t, r, 429, "error_code", "APIGW.0308")
		if v["error_msg"] != "The throttling threshold has been reached" || r.header.Get("Retry-After") != "3" {
			t.Fatalf("body %s, Retry-After %q", r.body, r.header.Get("Retry-After"))
		}
		wantStatus(t, list.get(t, base), 200)
	})
	t.Run("503 twice then OK", func(t *testing.T) {
		e.Inject(Fault{Status: 503, Times: 2})
		defer e.ClearFaults()
		wantError(t, list.get(t, base), 503, "code", "CCE.01503001")
		r := call{path: ssPath + ExampleServiceStageJobID}.get(t, base)
		if r.status != 503 || !strings.Contains(r.body, `"code":"SVCSTG.00100503"`) {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
		if r := list.get(t, base); r.body != ExampleCCEList {
			t.Fatalf("third request: %d %s", r.status, r.body)
		}
	})
	t.Run("every Nth", func(t *testing.T) {
		e.Inject(Fault{Path: ccePath, Status: 500, EveryNth: 3})
		defer e.ClearFaults()
		var got []int
		for range 6 {
			got = append(got, list.get(t, base).status)
		}
		if want := []int{200, 200, 500, 200, 200, 500}; !equalInts(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	})
	t.Run("truncate", func(t *testing.T) {
		e.Inject(Fault{Path: dlfPath, Truncate: true, Times: 1})
		defer e.ClearFaults()
		r := call{path: dlfPath}.get(t, base)
		if r.status != 200 || json.Valid([]byte(r.body)) || r.body != ExampleDLFList[:len(ExampleDLFList)/2] {
			t.Fatalf("status %d body %q", r.status, r.body)
		}
	})
	t.Run("reset", func(t *testing.T) {
		e.Inject(Fault{Path: ccePath, Reset: true})
		defer e.ClearFaults()
		c := list
		c.client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		if r, err := c.do(context.Background(), base); err == nil {
			t.Fatalf("no error; status %d", r.status)
		}
		if got := e.Requests(); got[len(got)-1].Status != 0 {
			t.Fatalf("logged status %d", got[len(got)-1].Status)
		}
	})
	t.Run("delay", func(t *testing.T) {
		e.Inject(Fault{Path: ccePath, Delay: 150 * time.Millisecond, Times: 1})
		defer e.ClearFaults()
		began := time.Now()
		wantStatus(t, list.get(t, base), 200)
		if d := time.Since(began); d < 150*time.Millisecond {
			t.Fatalf("answered after %s", d)
		}
	})
	t.Run("delay honours the request context and Times", func(t *testing.T) {
		// A minute's delay, once: the first request gives up, the second
		// is answered without the delay (or would give up too).
		e.Inject(Fault{Path: ccePath, Delay: time.Minute, Times: 1})
		defer e.ClearFaults()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if _, err := list.do(ctx, base); err == nil {
			t.Fatal("no error")
		}
		// The emulator logs the abandoned request when it notices.
		for e.Count(ccePath) == 0 || e.Requests()[len(e.Requests())-1].Status != 499 {
			time.Sleep(5 * time.Millisecond)
		}
		ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if r, err := list.do(ctx, base); err != nil || r.status != 200 {
			t.Fatalf("second request: %v, %d", err, r.status)
		}
	})
	t.Run("faults skip unauthenticated requests", func(t *testing.T) {
		e.Inject(Fault{Status: 503})
		defer e.ClearFaults()
		c := list
		c.auth = "none"
		wantStatus(t, c.get(t, base), 401)
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStubs(t *testing.T) {
	e, base := Start(t, Config{})
	e.Stub(Stub{Path: "/custom", Status: 418, Body: `{"x":1}`, Header: map[string]string{"X-Extra": "y"}})
	e.Stub(Stub{Path: "/custom", Query: map[string]string{"a": "1"}, Body: `{"x":2}`})
	r := call{path: "/custom"}.get(t, base)
	if r.status != 418 || r.body != `{"x":1}` || r.header.Get("X-Extra") != "y" {
		t.Fatalf("%d %s %v", r.status, r.body, r.header)
	}
	if r := (call{path: "/custom", query: url.Values{"a": {"1"}}}).get(t, base); r.status != 200 || r.body != `{"x":2}` {
		t.Fatalf("%d %s", r.status, r.body)
	}
	r = call{path: "/custom", auth: "none"}.get(t, base)
	wantStatus(t, r, 401)
}

func TestRequestLogAndConnections(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	client := &http.Client{Transport: &http.Transport{}}
	for range 3 {
		wantStatus(t, call{path: ccePath, client: client}.get(t, base), 200)
	}
	wantStatus(t, call{path: dlfPath, client: client, query: url.Values{"limit": {"5"}}}.get(t, base), 200)
	if got := e.Connections(); got != 1 {
		t.Fatalf("%d connections with keep-alive", got)
	}
	if e.Count("") != 4 || e.Count("/api/v2/") != 3 || e.Count(dlfPath) != 1 || e.Count("/v3/") != 0 {
		t.Fatalf("counts: all %d, cce %d, dlf %d", e.Count(""), e.Count("/api/v2/"), e.Count(dlfPath))
	}
	reqs := e.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "GET" || last.Path != dlfPath || last.Query.Get("limit") != "5" || last.Status != 200 ||
		last.Header.Get("Authorization") == "" || last.At.IsZero() {
		t.Fatalf("last request %+v", last)
	}
	reqs[0].Query.Set("mutated", "1")
	if e.Requests()[0].Query.Get("mutated") != "" {
		t.Fatal("Requests does not copy")
	}
	e.Reset()
	if e.Count("") != 0 {
		t.Fatal("Reset kept the log")
	}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range 2 {
		wantStatus(t, call{path: ccePath, client: fresh}.get(t, base), 200)
	}
	if got := e.Connections(); got != 3 {
		t.Fatalf("%d connections, want 3", got)
	}
}

func TestServeAndDemo(t *testing.T) {
	e := New(Config{})
	e.SeedDemo()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx, "127.0.0.1:0", func(u string) { urls <- u }) }()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("url %s", base)
	}

	v := call{path: dlfPath, header: map[string]string{"workspace": DemoWorkspace}}.get(t, base).object(t)
	if v["total"] != 230.0 {
		t.Fatalf("demo DLF total %v", v["total"])
	}
	v = call{path: cseListPath(DemoEngineID)}.get(t, base).object(t)
	if v["total"] != 3.0 {
		t.Fatalf("demo CSE total %v", v["total"])
	}
	var cce []any
	if err := json.Unmarshal([]byte(call{path: ccePath}.get(t, base).body), &cce); err != nil || len(cce) != 5 {
		t.Fatalf("demo CCE: %v, %d jobs", err, len(cce))
	}
	v = call{path: ssPath + DemoServiceStageJob}.get(t, base).object(t)
	if v["job"].(map[string]any)["execution_status"] != "RUNNING" || v["task_count"] != 3.0 {
		t.Fatalf("demo ServiceStage job %v", v)
	}
	if e.Connections() == 0 {
		t.Fatal("Serve does not count connections")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not stop")
	}
}

func TestDemoProgressionOnClock(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.SeedDemo()
	show := func(id string) map[string]any { return call{path: cseJobPath(DemoEngineID, id)}.get(t, base).object(t) }
	if s := show("42")["status"]; s != "Init" {
		t.Fatalf("job 42 at start: %v", s)
	}
	clock.Advance(4 * time.Second)
	if s := show("42")["status"]; s != "Finished" {
		t.Fatalf("job 42 after 4s: %v", s)
	}
	v := show("43")
	last := v["tasks"].([]any)[1].(map[string]any)["tasks"].([]any)[0].(map[string]any)
	if v["status"] != "Error" || !strings.Contains(last["log"].(string), "ConfigTaskExecutor failed") {
		t.Fatalf("job 43 after 4s: %v, log %v", v["status"], last["log"])
	}
	ss := call{path: ssPath + DemoServiceStageJob}.get(t, base).object(t)
	if s := ss["job"].(map[string]any)["execution_status"]; s != "SUCCEEDED" {
		t.Fatalf("ServiceStage demo job after 4s: %v", s)
	}
	cce := call{path: cceShowPath + DemoCCEJob}.get(t, base).object(t)
	if s := cce["status"].(map[string]any)["phase"]; s != "Success" {
		t.Fatalf("CCE demo job after 4s: %v", s)
	}
	run := call{path: dlfInstancePath(DemoDLFJob, DemoDLFRunningID), header: map[string]string{"workspace": DemoWorkspace}}.get(t, base).object(t)
	if run["status"] != "success" {
		t.Fatalf("DataArts demo run after 4s: %v", run["status"])
	}
}

// Halfway through the demo's waits: the first CCE sub-job has succeeded, the
// latest DataArts run still runs.
func TestDemoHalfway(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.SeedDemo()
	clock.Advance(2 * time.Second)
	cce := call{path: cceShowPath + DemoCCEJob}.get(t, base).object(t)
	subs := cce["spec"].(map[string]any)["subJobs"].([]any)
	phase := func(v any) any { return v.(map[string]any)["status"].(map[string]any)["phase"] }
	if phase(cce) != "Running" || phase(subs[0]) != "Success" || phase(subs[1]) != "Running" {
		t.Fatalf("CCE demo job after 2s: %v, sub-jobs %v and %v", phase(cce), phase(subs[0]), phase(subs[1]))
	}
	var runs struct {
		Instances []struct {
			InstanceID int64  `json:"instanceId"`
			Status     string `json:"status"`
		} `json:"instances"`
	}
	decode(t, call{path: dlfInstancesPath, query: url.Values{"jobName": {DemoDLFJob}},
		header: map[string]string{"workspace": DemoWorkspace}}.get(t, base).body, &runs)
	if len(runs.Instances) != 3 || runs.Instances[1].Status != "fail" || runs.Instances[2].Status != "running" {
		t.Fatalf("DataArts demo runs after 2s: %+v", runs.Instances)
	}
}
