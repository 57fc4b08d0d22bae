package jobs

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

func service(t *testing.T, name string) jobfamily.Service {
	t.Helper()
	s, ok := jobfamily.Lookup(name)
	if !ok {
		t.Fatalf("no service %s", name)
	}
	return s
}

// IMS: sub-jobs in sub_jobs_result, progress in process_percent, the
// failure text in entities.error, and a begin_time in a format the provider
// does not guess at (null, with a warning).
func TestDecodeIMS(t *testing.T) {
	body := `{"status":"FAIL","job_id":"j","job_type":"createImage","begin_time":"04-Jun-2015 18:11:06:586","end_time":"",
 "error_code":null,"fail_reason":null,
 "entities":{"image_id":"img-1","process_percent":87.5,"results":[{"a":1}],"current_task":{"x":1},
  "sub_jobs_result":[{"status":"FAIL","job_id":"s1","job_type":"copyImage","entities":{"error":"disk full","addition_error_msg":"retry later"}},
                     {"status":"SUCCESS","job_id":"s2","entities":{"image_id":"img-2"}}]}}`
	svc := service(t, "ims")
	j, err := decode(svc, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if j.Progress == nil || *j.Progress != "87.5" || j.Entities["image_id"] != "img-1" || len(j.Entities) != 2 {
		t.Errorf("progress %v, entities %v", j.Progress, j.Entities)
	}
	if got := failureText(svc, &j); got != "disk full; retry later" {
		t.Errorf("reason %q", got)
	}
	if len(j.SubJobs) != 2 || j.SubJobs[1].Entities["image_id"] != "img-2" {
		t.Errorf("sub-jobs %+v", j.SubJobs)
	}
	var diags diag.Diagnostics
	convert.WarnOddTimes(&diags, j)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), `started_at = "04-Jun-2015 18:11:06:586"`) {
		t.Errorf("diagnostics %v", diags)
	}
}

// DCS sends epoch milliseconds as strings; DLI as numbers, with
// completed_at = start_time + duration.
func TestDecodeEpochTimes(t *testing.T) {
	j, err := decode(service(t, "dcs"), []byte(`{"job_id":"d","job_type":"masterStandbySwapJob","status":"SUCCESS",
 "begin_time":"1684191545379","end_time":"1684191550000","fail_reason":null}`))
	if err != nil || j.StartedAt.Value().ValueString() != "2023-05-15T22:59:05.379Z" || j.CompletedAt.Value().ValueString() != "2023-05-15T22:59:10Z" {
		t.Fatalf("%v: %s %s", err, j.StartedAt.Value(), j.CompletedAt.Value())
	}
	j, err = decode(service(t, "dli"), []byte(`{"is_success":true,"message":"","job_id":"q","job_type":"QUERY","queue_name":"default",
 "owner":"alice","start_time":1684191545379,"duration":4621,"status":"FINISHED","database_name":"sales","result_count":3}`))
	if err != nil || j.StartedAt.Value().ValueString() != "2023-05-15T22:59:05.379Z" || j.CompletedAt.Value().ValueString() != "2023-05-15T22:59:10Z" {
		t.Fatalf("%v: %s %s", err, j.StartedAt.Value(), j.CompletedAt.Value())
	}
	if len(j.Entities) != 3 || j.Entities["database_name"] != "sales" {
		t.Errorf("entities %v", j.Entities)
	}
}

// Sub-jobs at every depth, flattened depth-first with their parents; the
// failure text is that of the failed ones (BMS: code and message).
func TestFlattenDepthFirst(t *testing.T) {
	body := `{"status":"FAIL","job_id":"root","entities":{"sub_jobs":[
 {"status":"FAIL","job_id":"a","entities":{"sub_jobs":[{"status":"FAIL","job_id":"a1","code":"BMS.0101","message":"no stock"}]}},
 {"status":"SUCCESS","job_id":"b","code":"BMS.0000","message":"fine"}]}}`
	svc := service(t, "bms")
	j, err := decode(svc, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range flatten(&j) {
		got = append(got, d.parentID+">"+d.ID)
	}
	if strings.Join(got, " ") != "root>a a>a1 root>b" {
		t.Errorf("flattened %v", got)
	}
	if r := failureText(svc, &j); r != "BMS.0101: no stock" {
		t.Errorf("reason %q", r)
	}
	if j.SubJobs[0].SubJobs[0].Code != "BMS.0101" {
		t.Errorf("sub-job code %q", j.SubJobs[0].SubJobs[0].Code)
	}
}

// An answer without a status is an error with the answer's message; an
// empty GeminiDB list is not found.
func TestDecodeNoJob(t *testing.T) {
	_, err := decode(service(t, "ecs"), []byte(`{"code":"Ecs.0005","message":"Query job failed"}`))
	if !errors.Is(err, ErrNoStatus) || err.Error() != "the answer has no status: Ecs.0005: Query job failed" {
		t.Errorf("v1: %v", err)
	}
	_, err = decode(service(t, "dli"), []byte(`{"is_success":false,"message":"Job not ready"}`))
	if !errors.Is(err, ErrNoStatus) || err.Error() != "the answer has no status: Job not ready" {
		t.Errorf("dli: %v", err)
	}
	_, err = decode(service(t, "rds"), []byte(`{"job":null}`))
	if !errors.Is(err, ErrNoStatus) {
		t.Errorf("rds: %v", err)
	}
	_, err = decode(service(t, "geminidb"), []byte(`{"jobs":[],"total_count":0}`))
	if !errors.Is(err, wait.ErrNotFound) {
		t.Errorf("geminidb: %v", err)
	}
}

// The data source's page is generated from the table: every service has its
// row of request and statuses, and the service argument lists them all.
func TestDescriptionFromTheTable(t *testing.T) {
	desc := dataSourceDescription()
	for _, row := range []string{
		"| `ecs` | `GET /v1/{project_id}/jobs/{job_id}` | the job | `SUCCESS` | `FAIL` | `PENDING_PAYMENT` | `INIT`, `RUNNING`, any other |",
		"| `gaussdb_mysql` | `GET /v3/{project_id}/jobs?id={job_id}` | `{\"job\": {...}}` | `Completed` | `Failed` | `Pending` | `Running`, any other |",
		"| `dli_spark` | `GET /v2.0/{project_id}/batches/{job_id}` | the batch | `success` | `dead` | none | `starting`, `running`, `recovering`, any other |",
		"| `eip` | `eip` | `vpc` | `\"0s\"` | not confirmed |",
		"| `rds` | `rds` | `rds` | `\"30s\"` | `rds:task:list` |",
	} {
		if !strings.Contains(desc, row) {
			t.Errorf("the description has no row %s", row)
		}
	}
	for _, s := range jobfamily.Services {
		if !strings.Contains(desc, "\n| `"+s.Name+"` | `GET "+s.Path) || !strings.Contains(desc, "\n| `"+s.Name+"` | `"+s.Endpoint+"` | `"+s.Host+"` |") ||
			!strings.Contains(serviceDescription(), "`"+s.Name+"`") {
			t.Errorf("%s is not in both tables and the service argument", s.Name)
		}
	}
}

// The failure text carries its error code, once.
func TestFailureTextWithCode(t *testing.T) {
	j, err := decode(service(t, "elb"), []byte(`{"job":{"status":"FAIL","job_id":"e","error_code":"ELB.8902","error_msg":"member exists"},"request_id":"r"}`))
	if err != nil || j.Reason != "ELB.8902: member exists" || j.Code != "ELB.8902" {
		t.Errorf("%+v %v", j, err)
	}
	for _, tt := range [][3]string{
		{"Ecs.0010", "quota", "Ecs.0010: quota"}, {"", "quota", "quota"}, {"Ecs.0010", "", ""},
		{"Ecs.0010", "Ecs.0010: quota", "Ecs.0010: quota"},
	} {
		if got := withCode(tt[0], tt[1]); got != tt[2] {
			t.Errorf("withCode(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}
