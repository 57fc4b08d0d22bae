package jobs_test

import (
	"fmt"
	"os"
	"strings"
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

// Every scenario reads the 16 services in one configuration (one terraform
// run), so that the suite stays short on 2 cores.

// The emulator's clock stands still: a job that ends, ends at "now", and
// every time below is exact.
var (
	now     = time.Date(2024, 6, 7, 9, 30, 15, 250e6, time.UTC)
	started = time.Date(2024, 6, 7, 9, 0, 0, 500e6, time.UTC)
)

// service is what a test knows of one service: its statuses, how its API
// writes times (with or without milliseconds), and what a read shows.
type service struct {
	name                      string
	pending                   []string // two pending statuses, polled in turn
	success, failure          string
	millis                    bool              // its times keep milliseconds
	jobType                   string            // "" for null
	entities                  map[string]any    // given to the emulator
	wantEntities              map[string]string // nil for null
	progress, wantProgress    string
	path                      func(id string) string // the job's request path
	reasonInSubJob, blockable bool
}

func v1Path(key string) func(string) string {
	return func(id string) string { return "/" + key + "/v1/" + emulator.DefaultProjectID + "/jobs/" + id }
}

func databasePath(key string) func(string) string {
	return func(string) string { return "/" + key + "/v3/" + emulator.DefaultProjectID + "/jobs" }
}

var server = map[string]any{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28"}
var wantServer = map[string]string{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28"}
var instance = map[string]any{"instance_id": "d87f5b33049144ec95f0cab0a5f22cfbin02", "instance_name": "db-5ff4"}
var wantInstance = map[string]string{"instance_id": "d87f5b33049144ec95f0cab0a5f22cfbin02", "instance_name": "db-5ff4"}

func v1Service(name, key, jobType string) service {
	return service{name: name, pending: []string{"INIT", "RUNNING"}, success: "SUCCESS", failure: "FAIL", millis: true,
		jobType: jobType, entities: server, wantEntities: wantServer, path: v1Path(key), reasonInSubJob: true, blockable: true}
}

func databaseService(name, jobType, progress string) service {
	return service{name: name, pending: []string{"Running", "running"}, success: "Completed", failure: "Failed",
		jobType: jobType, entities: instance, wantEntities: wantInstance, progress: progress, wantProgress: progress, path: databasePath(name)}
}

var services = []service{
	v1Service("ecs", "ecs", "createServer"),
	v1Service("evs", "evs", "createVolume"),
	func() service {
		s := v1Service("ims", "ims", "createImage")
		s.progress, s.wantProgress = "100", "100"
		s.wantEntities = map[string]string{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28", "process_percent": "100"}
		return s
	}(),
	v1Service("bms", "bms", "baremetalBatchCreate"),
	v1Service("sdrs", "sdrs", "createProtectionGroup"),
	v1Service("deh", "deh", "allocateDedicatedHost"),
	v1Service("eip", "eip", "createPublicIp"),
	databaseService("rds", "RestoreInstance", "100"),
	func() service {
		s := databaseService("gaussdb_mysql", "ResizeFlavor", "100")
		s.blockable = true
		return s
	}(),
	databaseService("opengauss", "CreateInstance", ""),
	databaseService("dds", "Create_MongoDB", "60"),
	databaseService("geminidb", "CreateMongoDB", "100"),
	{name: "dcs", pending: []string{"INIT", "RUNNING"}, success: "SUCCESS", failure: "FAIL", millis: true, jobType: "masterStandbySwapJob",
		path: func(id string) string { return "/dcs/v2/" + emulator.DefaultProjectID + "/jobs/" + id }},
	{name: "elb", pending: []string{"INIT", "ROLLBACKING"}, success: "COMPLETE", failure: "ROLLBACK_FAIL", jobType: "COPY_LOADBALANCER",
		entities: map[string]any{"resource_id": "lb-0a1b"}, wantEntities: map[string]string{"resource_id": "lb-0a1b"},
		path: func(id string) string { return "/elb/v3/" + emulator.DefaultProjectID + "/elb/jobs/" + id }, reasonInSubJob: true},
	{name: "dli", pending: []string{"LAUNCHING", "RUNNING"}, success: "FINISHED", failure: "FAILED", millis: true, jobType: "QUERY",
		entities:     map[string]any{"queue_name": "default", "owner": "alice", "database_name": "sales", "table_name": "orders"},
		wantEntities: map[string]string{"queue_name": "default", "owner": "alice", "database_name": "sales", "table_name": "orders"},
		path:         func(id string) string { return "/dli/v1.0/" + emulator.DefaultProjectID + "/jobs/" + id + "/status" }},
	{name: "dli_spark", pending: []string{"starting", "running"}, success: "success", failure: "dead", millis: true,
		entities:     map[string]any{"appId": "application_1717750800000_0001", "name": "etl", "queue": "spark", "owner": "alice"},
		wantEntities: map[string]string{"appId": "application_1717750800000_0001", "name": "etl", "queue": "spark", "owner": "alice"},
		path:         func(id string) string { return "/dli/v2.0/" + emulator.DefaultProjectID + "/batches/" + id }},
}

// at is a time as a timestamp attribute holds it, from an API that keeps
// milliseconds or not.
func at(t time.Time, millis bool) knownvalue.Check {
	if !millis {
		t = t.Truncate(time.Second)
	}
	return knownvalue.StringExact(t.UTC().Format(time.RFC3339Nano))
}

func stringMap(m map[string]string) knownvalue.Check {
	if m == nil {
		return knownvalue.Null()
	}
	checks := map[string]knownvalue.Check{}
	for k, v := range m {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

func stringOrNull(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

// jobConfig is a hwcjobs_job data source named after its service; extra
// lines go inside the block.
func jobConfig(s service, jobID, extra string) string {
	return fmt.Sprintf("\ndata \"hwcjobs_job\" %q {\n  service = %q\n  job_id  = %q\n%s\n}\n", s.name, s.name, jobID, extra)
}

func address(s service) string { return "data.hwcjobs_job." + s.name }

func expect(s service, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address(s), tfjsonpath.New(attribute), want)
}

func newEmulator(t *testing.T) (*emulator.Emulator, string) {
	t.Helper()
	return emulator.Start(t, emulator.Config{Clock: fakeclock.New(now).Now})
}

func add(t *testing.T, e *emulator.Emulator, j emulator.FamilyJob) {
	t.Helper()
	if _, err := e.AddFamilyJob(j); err != nil {
		t.Fatal(err)
	}
}

// requestsOfEach checks that each service's job got want requests since the
// last Reset.
func requestsOfEach(e *emulator.Emulator, id func(service) string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var wrong []string
		for _, s := range services {
			path := s.path(id(s))
			n := 0
			for _, r := range e.Requests() {
				if r.Path == path {
					n++
				}
			}
			if n != want {
				wrong = append(wrong, fmt.Sprintf("%s: %d requests to %s", s.name, n, path))
			}
		}
		if len(wrong) > 0 {
			return fmt.Errorf("want %d requests each:\n%s", want, strings.Join(wrong, "\n"))
		}
		return nil
	}
}

const waitFor = `  wait_for_completion = true
  poll_interval       = "100ms"`

// A wait goes through two pending statuses to the success at the third
// poll, one request per poll, for every service; the times of each
// format (RFC 3339 with Z, +0800 and +0000 offsets, epoch milliseconds as
// strings and as numbers) read as RFC 3339 in UTC.
func TestAccJobWaitEveryService(t *testing.T) {
	e, url := newEmulator(t)
	config := acctest.PrefixedProviderConfig(e, url)
	var checks []statecheck.StateCheck
	for _, s := range services {
		add(t, e, emulator.FamilyJob{Service: s.name, ID: "wait-" + s.name, Statuses: append(append([]string{}, s.pending...), s.success),
			Started: started, Entities: s.entities, Progress: s.progress})
		config += jobConfig(s, "wait-"+s.name, waitFor)
		checks = append(checks,
			expect(s, "id", knownvalue.StringExact("wait-"+s.name)),
			expect(s, "service", knownvalue.StringExact(s.name)),
			expect(s, "type", stringOrNull(s.jobType)),
			expect(s, "status", knownvalue.StringExact(s.success)),
			expect(s, "done", knownvalue.Bool(true)),
			expect(s, "succeeded", knownvalue.Bool(true)),
			expect(s, "blocked", knownvalue.Bool(false)),
			expect(s, "reason", knownvalue.Null()),
			expect(s, "error_code", knownvalue.Null()),
			expect(s, "progress", stringOrNull(s.wantProgress)),
			expect(s, "started_at", at(started, s.millis)),
			expect(s, "completed_at", at(now, s.millis)),
			expect(s, "entities", stringMap(s.wantEntities)),
			expect(s, "sub_jobs", knownvalue.ListExact(nil)),
			expect(s, "found", knownvalue.Bool(true)),
		)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:         e.Reset,
			Config:            config,
			Check:             requestsOfEach(e, func(s service) string { return "wait-" + s.name }, 3),
			ConfigStateChecks: checks,
		}},
	})
}
