package mrs_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
)

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

const (
	cluster  = "c7d1e0f2-5a3b-4c6d-8e9f-0a1b2c3d4e5f"
	tracking = "https://mrs.example.com/proxy/application_1717750800000_0007/"
)

var (
	now       = time.Date(2024, 6, 7, 9, 30, 15, 250e6, time.UTC)
	submitted = time.Date(2024, 6, 7, 9, 0, 0, 500e6, time.UTC)
)

func jobConfig(name, clusterID, jobID, extra string) string {
	return fmt.Sprintf("\ndata \"hwcjobs_mrs_job\" %q {\n  cluster_id = %q\n  job_id     = %q\n%s\n}\n", name, clusterID, jobID, extra)
}

func expect(name, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.hwcjobs_mrs_job."+name, tfjsonpath.New(attribute), want)
}

func path(jobID string) string {
	return "/mrs/v2/" + emulator.DefaultProjectID + "/clusters/" + cluster + "/job-executions/" + jobID
}

const waitFor = `  wait_for_completion = true
  poll_interval       = "100ms"`

func add(t *testing.T, e *emulator.Emulator, j emulator.MRSJob) {
	t.Helper()
	if _, err := e.AddMRSJob(j); err != nil {
		t.Fatal(err)
	}
}

// A wait through ACCEPTED and RUNNING to FINISHED with SUCCEEDED, one
// request per poll, every answer HTTP 202; and the YARN rule: FINISHED with
// the result FAILED, and KILLED, are failures, whose text names state,
// result and tracking_url.
func TestAccMRSJob(t *testing.T) {
	e, url := emulator.Start(t, emulator.Config{Clock: fakeclock.New(now).Now})
	provider := acctest.PrefixedProviderConfig(e, url)
	add(t, e, emulator.MRSJob{ID: "spark-ok", ClusterID: cluster, Statuses: []string{"ACCEPTED", "RUNNING", "FINISHED"},
		Name: "pyspark1", Type: "SparkSubmit", User: "alice", Queue: "default", AppID: "application_1717750800000_0006",
		TrackingURL: tracking, Arguments: "--conf spark.hadoop.fs.obs.secret.key=SECRET", Submitted: submitted})
	add(t, e, emulator.MRSJob{ID: "spark-yarn-failed", ClusterID: cluster, Statuses: []string{"RUNNING", "FINISHED"}, Result: "FAILED",
		Name: "pyspark2", Type: "SparkSubmit", TrackingURL: tracking, Progress: 42})
	add(t, e, emulator.MRSJob{ID: "hive-killed", ClusterID: cluster, Statuses: []string{"KILLED"}, Name: "hive1", Type: "HiveSql"})
	// The reference page's example, answered with HTTP 200 instead of 202.
	e.Stub(emulator.Stub{Path: path("example-200"), Status: 200, Body: `{"job_detail":{"job_id":"431b135e-c090-489f-b1db-0abe3822b855",` +
		`"user":"xxxx","job_name":"pyspark1","job_result":"SUCCEEDED","job_state":"FINISHED","job_progress":100,"job_type":"SparkSubmit"}}`})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config: provider + jobConfig("ok", cluster, "spark-ok", waitFor) +
					jobConfig("yarn_failed", cluster, "spark-yarn-failed", waitFor+"\n  fail_on_error = false") +
					jobConfig("example", cluster, "example-200", waitFor),
				Check: func(*terraform.State) error {
					counts := map[string]int{}
					for _, r := range e.Requests() {
						if r.Path == path("example-200") {
							continue // the stub's 200
						}
						if r.Status != 202 {
							return fmt.Errorf("%s answered %d, want 202", r.Path, r.Status)
						}
						counts[r.Path]++
					}
					if counts[path("spark-ok")] != 3 || counts[path("spark-yarn-failed")] != 2 || len(counts) != 2 {
						return fmt.Errorf("requests %v, want 3 and 2", counts)
					}
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("ok", "id", knownvalue.StringExact("spark-ok")),
					expect("ok", "name", knownvalue.StringExact("pyspark1")),
					expect("ok", "type", knownvalue.StringExact("SparkSubmit")),
					expect("ok", "user", knownvalue.StringExact("alice")),
					expect("ok", "queue", knownvalue.StringExact("default")),
					expect("ok", "app_id", knownvalue.StringExact("application_1717750800000_0006")),
					expect("ok", "tracking_url", knownvalue.StringExact(tracking)),
					expect("ok", "arguments", knownvalue.StringExact("--conf spark.hadoop.fs.obs.secret.key=SECRET")),
					expect("ok", "state", knownvalue.StringExact("FINISHED")),
					expect("ok", "result", knownvalue.StringExact("SUCCEEDED")),
					expect("ok", "progress", knownvalue.Float64Exact(100)),
					expect("ok", "submitted_at", knownvalue.StringExact("2024-06-07T09:00:00.5Z")),
					expect("ok", "started_at", knownvalue.StringExact("2024-06-07T09:00:01.5Z")),
					expect("ok", "completed_at", knownvalue.StringExact("2024-06-07T09:30:15.25Z")),
					expect("ok", "done", knownvalue.Bool(true)),
					expect("ok", "succeeded", knownvalue.Bool(true)),
					expect("ok", "found", knownvalue.Bool(true)),
					expect("example", "id", knownvalue.StringExact("431b135e-c090-489f-b1db-0abe3822b855")),
					expect("example", "user", knownvalue.StringExact("xxxx")),
					expect("example", "succeeded", knownvalue.Bool(true)),
					expect("example", "completed_at", knownvalue.Null()),
					expect("yarn_failed", "state", knownvalue.StringExact("FINISHED")),
					expect("yarn_failed", "result", knownvalue.StringExact("FAILED")),
					expect("yarn_failed", "progress", knownvalue.Float64Exact(42)),
					expect("yarn_failed", "done", knownvalue.Bool(true)),
					expect("yarn_failed", "succeeded", knownvalue.Bool(false)),
					expect("yarn_failed", "submitted_at", knownvalue.Null()),
					expect("yarn_failed", "completed_at", knownvalue.Null()),
				},
			},
			{
				Config: provider + jobConfig("yarn_failed", cluster, "spark-yarn-failed", waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed", "MRS job spark-yarn-failed of cluster "+cluster+
					" ended with status FINISHED (result FAILED): the job ended in state FINISHED with result FAILED; "+
					"its YARN application's logs: "+tracking),
			},
			{
				Config: provider + jobConfig("killed", cluster, "hive-killed", waitFor),
				ExpectError: acctest.ErrorTexts("Job Failed", "MRS job hive-killed of cluster "+cluster+
					" ended with status KILLED (result KILLED): the job ended in state KILLED with result KILLED; "+
					"MRS gives no tracking_url or message for it"),
			},
		},
	})
}

// A job the cluster does not hold is not found (found = false with
// allow_missing); a cluster that MRS does not know is an error even with
// allow_missing: the 404 names the cluster, not the job.
func TestAccMRSJobMissing(t *testing.T) {
	e, url := emulator.Start(t, emulator.Config{})
	provider := acctest.PrefixedProviderConfig(e, url)
	add(t, e, emulator.MRSJob{ID: "there", ClusterID: cluster, Statuses: []string{"RUNNING"}})
	var nulls []statecheck.StateCheck
	for _, a := range []string{"id", "name", "type", "user", "queue", "app_id", "tracking_url", "arguments", "state", "result",
		"progress", "submitted_at", "started_at", "completed_at", "done", "succeeded"} {
		nulls = append(nulls, expect("gone", a, knownvalue.Null()))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         e.Reset,
				Config:            provider + jobConfig("gone", cluster, "gone", waitFor+"\n  allow_missing = true"),
				Check:             acctest.CheckRequests(e, path("gone"), 1),
				ConfigStateChecks: append(nulls, expect("gone", "found", knownvalue.Bool(false))),
			},
			{
				Config: provider + jobConfig("gone", cluster, "gone", ""),
				ExpectError: acctest.ErrorTexts("Not Found", "MRS job gone of cluster "+cluster+" was not found.",
					"HTTP 404 Not Found: MRS.0094: The job execution gone does not exist."),
			},
			{
				Config: provider + jobConfig("other", "no-such-cluster", "there", "  allow_missing = true"),
				ExpectError: acctest.ErrorTexts("MRS does not know cluster no-such-cluster (check cluster_id and region):",
					"HTTP 404 Not Found: MRS.0011: The cluster no-such-cluster does not exist."),
			},
		},
	})
}
