package jobs

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// fuzzDecode checks that the decoder of svc never panics, that a decoded
// job has a status, and that its mapping (flattening, failure text,
// attributes) never panics either.
func fuzzDecode(f *testing.F, name string, seeds ...string) {
	svc, _ := jobfamily.Lookup(name)
	for _, s := range append(seeds, `{}`, `null`, `[]`, `{"status":1}`, `{"status":"x","entities":[]}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		j, err := decode(svc, body)
		if err != nil {
			if errors.Is(err, ErrNoStatus) && j.hasStatus {
				t.Fatalf("no status, but a status %q", j.Status)
			}
			if errors.Is(err, wait.ErrNotFound) && svc.Shape != jobfamily.ShapeGeminiDB {
				t.Fatalf("not found from the answer of %s", svc.Name)
			}
			return
		}
		if j.Status == "" {
			t.Fatalf("decoded without a status: %q", body)
		}
		_ = failureText(svc, &j)
		var diags diag.Diagnostics
		_ = computedValues(svc, &j, &diags)
		if diags.HasError() {
			t.Fatalf("%q: %v", body, diags)
		}
	})
}

func FuzzDecodeV1(f *testing.F) {
	fuzzDecode(f, "ims",
		`{"begin_time":"2022-02-17T05:41:55.441Z","end_time":"","entities":{"sub_jobs":[{"begin_time":"2022-02-17T05:41:55.554Z","end_time":"","entities":{"server_id":"1c74e090-c569-4b52-9eaa-fd34776cec28"},"job_id":"ff8080827e7810fb017f06338ae3132c","job_type":"createSingleServer","status":"RUNNING"}],"sub_jobs_total":1},"job_id":"ff8080827e7810fb017f06338a731328","job_type":"createServer","status":"RUNNING"}`,
		`{"status":"FAIL","entities":{"sub_jobs_result":[{"status":"FAIL","entities":{"error":"e","sub_jobs":[{"status":"FAIL","code":3}]}}],"process_percent":1e400}}`,
		`{"status":"SUCCESS","begin_time":"04-Jun-2015 18:11:06:586","entities":{"sub_jobs":{"not":"a list"}}}`,
	)
}

func FuzzDecodeDatabase(f *testing.F) {
	fuzzDecode(f, "rds",
		`{"job":{"id":"f85104b5-4a9c-4e0f-9505-fc5409d8f7ae","name":"Create_MongoDB","status":"Completed","created":"2021-07-12T09:22:04+0000","ended":"2021-07-12T10:10:13+0000","progress":"","instance":{"id":"d87f5b33049144ec95f0cab0a5f22cfbin02","name":"dds-5ff4-sh"},"fail_reason":null}}`,
		`{"job":{"status":"Running","created":"2021-07-12T09:22:04+0800","process":"40%","entities":{"instance":{"id":"x"},"resource_ids":["a"]}}}`,
		`{"job":{"status":"Failed","instance":[],"fail_reason":{"code":1}}}`,
	)
}

func FuzzDecodeGeminiDB(f *testing.F) {
	fuzzDecode(f, "geminidb",
		`{"jobs":[{"id":"j","name":"CreateMongoDB","status":"Running","start_time":"2018-08-06T10:41:14+0800","end_time":"","progress":"60%","instance":{"id":"i","name":"n"},"fail_reason":null}],"total_count":1}`,
		`{"jobs":[],"total_count":0}`, `{"jobs":null}`, `{"jobs":[null]}`,
	)
}

func FuzzDecodeELB(f *testing.F) {
	fuzzDecode(f, "elb",
		`{"job":{"status":"FAIL","begin_time":"2024-06-07T09:00:00Z","end_time":null,"job_id":"e","job_type":"COPY_LOADBALANCER","error_code":"ELB.1","error_msg":"m","project_id":"p","resource_id":"r","sub_jobs":[{"status":"FAIL","job_id":"s","entities":[{"resource_id":"x","resource_type":"member"}]}]},"request_id":"q"}`,
		`{"job":{"status":"RUNNING","sub_jobs":null}}`,
	)
}

func FuzzDecodeDLISQL(f *testing.F) {
	fuzzDecode(f, "dli",
		`{"is_success":true,"message":"","job_id":"q","job_type":"QUERY","queue_name":"default","owner":"alice","start_time":1684191545379,"duration":4621,"status":"FINISHED","database_name":"sales","table_name":"t","detail":"{}","result_count":3}`,
		`{"is_success":false,"message":"no"}`, `{"status":"RUNNING","start_time":"1684191545379","duration":-1}`,
		`{"status":"FINISHED","start_time":9223372036854775807,"duration":9223372036854775807}`,
	)
}

func FuzzDecodeDLISpark(f *testing.F) {
	fuzzDecode(f, "dli_spark",
		`{"id":"b","state":"dead","appId":"application_1","name":"etl","queue":"spark","owner":"alice","create_time":1684191545379,"update_time":1684191550000,"log":["a","b",""]}`,
		`{"state":"running","log":[1,null,{"x":1}]}`, `{"state":"success","log":"not a list"}`,
	)
}
