package emulator

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

const dlfInstancesPath = "/v1/" + project + "/jobs/instances/detail"

func dlfInstancePath(job string, id int64) string {
	return "/v1/" + project + "/jobs/" + job + "/instances/" + strconv.FormatInt(id, 10)
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
}

// exampleWindow is the query that lists the runs of ExampleDLFInstances.
func exampleWindow() url.Values {
	return url.Values{
		"jobName": {ExampleDLFJobName}, "preciseQuery": {"true"},
		"minPlanTime": {strconv.Itoa(ExampleDLFInstancesFrom)}, "maxPlanTime": {strconv.Itoa(ExampleDLFInstancesTo)},
	}
}

// LoadExamples serves both examples of the fact sheet byte for byte: the
// list from model data, the detail from a stub.
func TestDLFInstanceExamples(t *testing.T) {
	e, base := Start(t, Config{})
	e.LoadExamples()
	e.LoadExamples()
	query := exampleWindow()
	query.Set("limit", "100")
	query.Set("offset", "0")
	for _, tt := range []struct {
		name string
		c    call
		want string
	}{
		{"list", call{path: dlfInstancesPath, query: exampleWindow()}, ExampleDLFInstances},
		{"list, first page of 100", call{path: dlfInstancesPath, query: query}, ExampleDLFInstances},
		{"detail", call{path: dlfInstancePath(ExampleDLFJobName, ExampleDLFInstanceID)}, ExampleDLFInstance},
	} {
		if r := tt.c.get(t, base); r.status != 200 || r.body != tt.want {
			t.Errorf("%s: status %d, body\n%s\nwant\n%s", tt.name, r.status, r.body, tt.want)
		}
	}
}

// The model renders the run of ExampleDLFInstance byte for byte too.
func TestDLFInstanceModelMatchesExample(t *testing.T) {
	e, base := Start(t, Config{})
	ms := time.UnixMilli
	e.AddDLFInstance("", DLFInstance{
		JobName: ExampleDLFJobName, JobID: 1046, InstanceID: ExampleDLFInstanceID, Status: "fail",
		PlanTime: ms(1748822400000), StartTime: ms(1748822401000), EndTime: ms(1748822500000),
		Nodes: []DLFNode{{
			Name: "load_to_dws", Status: "success", Type: "CDMJob",
			StartTime: ms(1748822401000), EndTime: ms(1748822470000), InputRowCount: 120034, Speed: 1714.7,
			LogPath: "obs://dlf-log-xxxx/etl_orders_daily/load_to_dws.log",
		}, {
			Name: "aggregate", Type: "DLISQL", Queue: "sql_queue_a", StartTime: ms(1748822471000), RetryTimes: 1,
			LogPath: "obs://dlf-log-xxxx/etl_orders_daily/aggregate.log",
		}},
	})
	if r := (call{path: dlfInstancePath(ExampleDLFJobName, ExampleDLFInstanceID)}).get(t, base); r.body != ExampleDLFInstance {
		t.Fatalf("model renders\n%s\nwant\n%s", r.body, ExampleDLFInstance)
	}
}

type instanceList struct {
	Total     int `json:"total"`
	Instances []struct {
		InstanceID int64  `json:"instanceId"`
		Status     string `json:"status"`
		EndTime    *int64 `json:"endTime"`
	} `json:"instances"`
}

func (l instanceList) ids() []int64 {
	var ids []int64
	for _, in := range l.Instances {
		ids = append(ids, in.InstanceID)
	}
	return ids
}

// Filters, the default and the widest window, paging by records.
func TestDLFInstanceListFilters(t *testing.T) {
	clock := newFakeClock() // 2025-01-02T03:04:05Z
	e, base := Start(t, Config{Clock: clock.Now})
	now := clock.Now()
	add := func(id int64, job, status string, plan time.Time, instanceType int) {
		run := DLFInstance{JobName: job, InstanceID: id, Status: status, PlanTime: plan, InstanceType: instanceType}
		if status != "running" {
			run.EndTime = plan.Add(time.Minute)
		}
		e.AddDLFInstance("ws", run)
	}
	add(1, "orders", "success", now.Add(-time.Hour), 0)
	add(2, "orders_copy", "fail", now.Add(-2*time.Hour), 0)
	add(3, "orders", "running", now.Add(-10*time.Minute), 2)
	add(4, "orders", "success", now.Add(-4*time.Hour), 0) // yesterday 23:04
	add(5, "orders", "success", now.Add(-6*24*time.Hour), 5)
	list := func(q url.Values) instanceList {
		t.Helper()
		r := call{path: dlfInstancesPath, query: q, header: map[string]string{"workspace": "ws"}}.get(t, base)
		wantStatus(t, r, 200)
		var l instanceList
		decode(t, r.body, &l)
		return l
	}
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	week := url.Values{"minPlanTime": {ms(now.Add(-7 * 24 * time.Hour))}, "maxPlanTime": {ms(now)}}
	with := func(kv ...string) url.Values {
		q := url.Values{}
		for k, v := range week {
			q[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q
	}
	for _, tt := range []struct {
		name  string
		query url.Values
		want  []int64
	}{
		{"today", nil, []int64{1, 2, 3}},
		{"week", week, []int64{1, 2, 3, 4, 5}},
		{"fuzzy name", with("jobName", "orders"), []int64{1, 2, 3, 4, 5}},
		{"exact name", with("jobName", "orders", "preciseQuery", "true"), []int64{1, 3, 4, 5}},
		{"status", with("status", "success"), []int64{1, 4, 5}},
		{"instance type", with("instanceType", "2"), []int64{3}},
		{"page", with("limit", "2", "offset", "2"), []int64{3, 4}},
		{"past the end", with("limit", "2", "offset", "9"), nil},
	} {
		l := list(tt.query)
		if got := l.ids(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if l := list(with("limit", "2")); l.Total != 5 || l.Instances[0].EndTime == nil {
		t.Errorf("total %d, endTime %v", l.Total, l.Instances[0].EndTime)
	}
	if l := list(with("status", "running")); l.Instances[0].EndTime != nil {
		t.Errorf("a running instance has endTime %d", *l.Instances[0].EndTime)
	}
	if r := (call{path: dlfInstancesPath, query: url.Values{"jobName": {"nothing"}}, header: map[string]string{"workspace": "ws"}}).get(t, base); r.body != "{\n  \"total\": 0,\n  \"instances\": []\n}" {
		t.Errorf("empty list: %q", r.body)
	}

	// The window: at most 7 days, not reversed; parameters checked.
	over := url.Values{"minPlanTime": {ms(now.Add(-7*24*time.Hour - time.Millisecond))}, "maxPlanTime": {ms(now)}}
	reversed := url.Values{"minPlanTime": {ms(now)}, "maxPlanTime": {ms(now.Add(-time.Second))}}
	for _, q := range []url.Values{over, reversed, {"limit": {"1001"}}, {"limit": {"0"}}, {"offset": {"-1"}},
		{"preciseQuery": {"yes"}}, {"instanceType": {"x"}}, {"minPlanTime": {"today"}}} {
		wantError(t, call{path: dlfInstancesPath, query: q, header: map[string]string{"workspace": "ws"}}.get(t, base), 400, "error_code", codeDLFBadParam)
	}
}

// A run moves through its statuses one per poll of its detail, nodes
// following unless they have their own; lists never advance it; a terminal
// status fixes endTime and brings errorMessage.
func TestDLFInstanceProgress(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	start := clock.Now()
	e.AddDLFInstance("ws", DLFInstance{
		JobName: "daily", InstanceID: 9, PlanTime: start, StartTime: start, ErrorMessage: "node aggregate failed",
		Nodes: []DLFNode{
			{Name: "load", Type: "CDMJob", Status: "success", EndTime: start.Add(time.Second)},
			{Name: "aggregate", Type: "DLISQL", LogPath: "obs://logs/aggregate.log"},
		},
		Progress: Progress{Statuses: []string{"waiting", "running", "fail"}},
	})
	type node struct {
		Status  string `json:"status"`
		EndTime *int64 `json:"endTime"`
	}
	type detail struct {
		Status       string  `json:"status"`
		EndTime      *int64  `json:"endTime"`
		ExecuteTime  int64   `json:"executeTime"`
		ErrorMessage *string `json:"errorMessage"`
		Total        int     `json:"total"`
		Nodes        []node  `json:"nodes"`
	}
	show := func() detail {
		t.Helper()
		var d detail
		r := call{path: dlfInstancePath("daily", 9), header: map[string]string{"workspace": "ws"}}.get(t, base)
		wantStatus(t, r, 200)
		decode(t, r.body, &d)
		return d
	}
	listed := func() string {
		t.Helper()
		var l instanceList
		decode(t, call{path: dlfInstancesPath, header: map[string]string{"workspace": "ws"}}.get(t, base).body, &l)
		return l.Instances[0].Status
	}
	for i, want := range []string{"waiting", "running", "fail", "fail"} {
		clock.Advance(time.Second)
		d := show()
		if d.Status != want || d.Nodes[1].Status != want || d.Nodes[0].Status != "success" || d.Total != 2 {
			t.Fatalf("poll %d: %+v, want %s", i+1, d, want)
		}
		if (d.EndTime != nil) != (want == "fail") || (d.Nodes[1].EndTime != nil) != (want == "fail") {
			t.Fatalf("poll %d: endTime %v, node endTime %v", i+1, d.EndTime, d.Nodes[1].EndTime)
		}
		for range 2 {
			if s := listed(); s != want {
				t.Fatalf("list after poll %d shows %s", i+1, s)
			}
		}
	}
	// Failed at the third poll, 3s after the start.
	if d := show(); *d.EndTime != start.Add(3*time.Second).UnixMilli() || d.ExecuteTime != 3000 {
		t.Fatalf("endTime %d, executeTime %d", *d.EndTime, d.ExecuteTime)
	}
}

// Errors in both key casings, unknown jobs, runs and workspaces, and purged
// runs.
func TestDLFInstanceErrors(t *testing.T) {
	clock := newFakeClock()
	e, base := Start(t, Config{Clock: clock.Now})
	e.AddDLFInstance("snake", DLFInstance{JobName: "j", InstanceID: 1, Status: "success", PlanTime: clock.Now(), Purge: Purge{Polls: 1}})
	e.AddDLFInstance("camel", DLFInstance{JobName: "j", InstanceID: 1, Status: "success", PlanTime: clock.Now(), Purge: Purge{After: time.Hour}})
	e.UseCamelCaseDLFErrors("camel", true)
	in := func(ws string, c call) call { c.header = map[string]string{"workspace": ws}; return c }

	v := wantError(t, in("snake", call{path: dlfInstancePath("other", 1)}).get(t, base), 400, "error_code", codeDLFJobAbsent)
	if v["error_msg"] != "The job does not exist." {
		t.Fatalf("%v", v)
	}
	v = wantError(t, in("camel", call{path: dlfInstancePath("other", 1)}).get(t, base), 400, "errorCode", codeDLFJobAbsent)
	if v["errorMsg"] != "The job does not exist." || v["error_code"] != nil {
		t.Fatalf("%v", v)
	}
	v = wantError(t, in("snake", call{path: dlfInstancePath("j", 2)}).get(t, base), 400, "error_code", codeDLFInstanceAbsent)
	if codeDLFInstanceAbsent != "DLF.0137" || v["error_msg"] != "The job instance does not exist." {
		t.Fatalf("%s: %v", codeDLFInstanceAbsent, v)
	}
	wantError(t, in("camel", call{path: dlfInstancesPath, query: url.Values{"limit": {"0"}}}).get(t, base), 400, "errorCode", codeDLFBadParam)
	wantError(t, in("nowhere", call{path: dlfInstancePath("j", 1)}).get(t, base), 400, "error_code", codeDLFNoWorkspace)
	wantError(t, in("snake", call{path: "/v1/" + project + "/jobs/j/instances/x"}).get(t, base), 400, "error_code", codeDLFBadParam)

	// Served once, then gone; after an hour, gone.
	wantStatus(t, in("snake", call{path: dlfInstancePath("j", 1)}).get(t, base), 200)
	wantError(t, in("snake", call{path: dlfInstancePath("j", 1)}).get(t, base), 400, "error_code", codeDLFJobAbsent)
	wantStatus(t, in("camel", call{path: dlfInstancePath("j", 1)}).get(t, base), 200)
	clock.Advance(time.Hour)
	wantError(t, in("camel", call{path: dlfInstancePath("j", 1)}).get(t, base), 400, "errorCode", codeDLFJobAbsent)
	if r := in("camel", call{path: dlfInstancesPath}).get(t, base); r.body != "{\n  \"total\": 0,\n  \"instances\": []\n}" {
		t.Fatalf("list of purged runs: %s", r.body)
	}
	wantError(t, call{path: "/v1/other/jobs/instances/detail"}.get(t, base), 404, "error_code", "DLF.0404")
}
