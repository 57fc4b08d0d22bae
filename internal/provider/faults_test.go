package provider_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// maxRetries is the provider's max_retries in these tests: a logical request
// is tried at most maxRetries+1 times.
const maxRetries = 3

const project = emulator.DefaultProjectID

// Paths of the emulated APIs, as fault prefixes and request log keys.
func cseListPath(engine string) string {
	return "/v2/" + project + "/enginemgr/engines/" + engine + "/jobs"
}
func cseJobPath(engine string, id int) string { return fmt.Sprintf("%s/%d", cseListPath(engine), id) }
func ssJobPath(id string) string              { return "/v3/" + project + "/cas/jobs/" + id }

var dlfPath = "/v1/" + project + "/jobs"

// fleet is a plan with many data sources of several kinds, each reading
// requests that no other one reads, and the emulator data they read.
type fleet struct {
	cseJobs, cseLists, dlfLists, ssJobs int
	// twoPages makes the first CSE list two pages long.
	twoPages bool
}

const fleetEngine = "fleet-show"

func fleetListEngine(i int) string { return fmt.Sprintf("fleet-list-%d", i) }
func fleetWorkspace(i int) string  { return fmt.Sprintf("ws-%d", i) }
func fleetSSJob(i int) string      { return fmt.Sprintf("JOB-fleet-%d", i) }

func (f fleet) size() int { return f.cseJobs + f.cseLists + f.dlfLists + f.ssJobs }

// seed adds the data: lists of 3 CSE jobs (105, two pages, for the first one
// when twoPages is set; more would slow terraform down) and of 2 DLF jobs.
func (f fleet) seed(e *emulator.Emulator) {
	e.GenerateCSEJobs(fleetEngine, f.cseJobs)
	for i := 1; i <= f.cseLists; i++ {
		n := 3
		if i == 1 && f.twoPages {
			n = 105
		}
		e.GenerateCSEJobs(fleetListEngine(i), n)
	}
	for i := 1; i <= f.dlfLists; i++ {
		e.GenerateDLFJobs(fleetWorkspace(i), "BATCH", 2)
	}
	for i := 1; i <= f.ssJobs; i++ {
		created := time.Date(2024, 6, 6, 15, 55, i, 0, time.UTC)
		e.AddServiceStageJob(emulator.ServiceStageJob{
			ID: fleetSSJob(i), Type: "PROVISION", Status: "SUCCEEDED",
			Tasks: []emulator.ServiceStageTask{
				{ID: fmt.Sprintf("Task-%d-a", i), Index: 1, Name: "VMAPP_CONTEXT_PREPARE_01", CreatedAt: created, UpdatedAt: created.Add(time.Second)},
				{ID: fmt.Sprintf("Task-%d-b", i), Index: 2, Name: "VMAPP_UPGRADE_002", CreatedAt: created.Add(time.Second), UpdatedAt: created.Add(2 * time.Second)},
			},
		})
	}
}

func (f fleet) config(e *emulator.Emulator, url string) string {
	var b strings.Builder
	b.WriteString(acctest.ProviderConfig(e, url, fmt.Sprintf("  max_retries = %d", maxRetries)))
	for i := 1; i <= f.cseJobs; i++ {
		fmt.Fprintf(&b, "data \"hwcjobs_cse_engine_job\" \"job_%d\" {\n  engine_id = %q\n  job_id    = \"%d\"\n}\n", i, fleetEngine, i)
	}
	for i := 1; i <= f.cseLists; i++ {
		fmt.Fprintf(&b, "data \"hwcjobs_cse_engine_jobs\" \"list_%d\" {\n  engine_id = %q\n}\n", i, fleetListEngine(i))
	}
	for i := 1; i <= f.dlfLists; i++ {
		fmt.Fprintf(&b, "data \"hwcjobs_dataarts_factory_jobs\" \"ws_%d\" {\n  workspace_id = %q\n}\n", i, fleetWorkspace(i))
	}
	for i := 1; i <= f.ssJobs; i++ {
		fmt.Fprintf(&b, "data \"hwcjobs_servicestage_job\" \"ss_%d\" {\n  job_id = %q\n}\n", i, fleetSSJob(i))
	}
	return b.String()
}

// retryable are the answers the client tries again after: the retried
// statuses, and 0, a connection reset without an answer (and any answer
// whose body was cut short).
var retryable = map[int]bool{0: true, 408: true, 429: true, 500: true, 502: true, 503: true, 504: true}

// logicalRequests groups the request log into logical requests, by key: the
// attempts of one read of one page. Attempts of a request share its path,
// query and DLF workspace, which no other data source of a fleet reads, and
// follow one another in the log: each data source reads once per terraform
// run, and runs follow one another. An attempt answered with a retryable
// status is followed by another of the same request, unless the client gave
// up (then it is the key's last request); any other answer ends the request.
func logicalRequests(log []emulator.Request) map[string][][]emulator.Request {
	out := map[string][][]emulator.Request{}
	open := map[string]bool{}
	for _, r := range log {
		key := r.Path + "?" + r.Query.Encode() + " workspace=" + r.Header.Get("workspace")
		if !open[key] {
			out[key] = append(out[key], nil)
		}
		attempts := &out[key][len(out[key])-1]
		*attempts = append(*attempts, r)
		open[key] = retryable[r.Status] || r.CutShort
	}
	return out
}

func statuses(attempts []emulator.Request) []int {
	out := make([]int, len(attempts))
	for i, r := range attempts {
		out[i] = r.Status
	}
	return out
}

// firstRead is the logical request of the first read of path (without query).
func firstRead(t *testing.T, requests map[string][][]emulator.Request, path string) []emulator.Request {
	t.Helper()
	for key, reads := range requests {
		if strings.HasPrefix(key, path+"?") {
			return reads[0]
		}
	}
	t.Fatalf("no request for %s", path)
	return nil
}

// Faults across a plan of 40 data sources: throttling with Retry-After,
// server errors, connection resets and slow answers, some scripted for one
// request, some spread over a whole API. Every read ends with the right
// values, and no logical request is tried more than max_retries+1 times.
func TestFaultsAcrossManyDataSources(t *testing.T) {
	e, url := acctest.Emulator(t)
	f := fleet{cseJobs: 20, cseLists: 8, dlfLists: 6, ssJobs: 6, twoPages: true}
	f.seed(e)
	config := f.config(e, url)

	// scripts are faults of one job's first read, one per attempt in order:
	// a fault with EveryNth n and Times 1 answers the nth attempt.
	scripts := map[int][]emulator.Fault{
		11: {{Status: 429, RetryAfter: "1"}, {Reset: true}, {Status: 503}},
		12: {{Status: 503}, {Status: 503}, {Status: 503}},
		13: {{Reset: true}, {Reset: true}},
		14: {{Status: 502, Delay: 200 * time.Millisecond}},
		15: {{Status: 429, RetryAfter: "1"}},
	}
	want := map[int][]int{
		11: {429, 0, 503, 200},
		12: {503, 503, 503, 200},
		13: {0, 0, 200},
		14: {502, 200},
		15: {429, 200},
	}
	injectFaults := func() {
		e.ClearFaults()
		// Slow answers, for a share of every request.
		e.Inject(emulator.Fault{Delay: 25 * time.Millisecond, EveryNth: 3})
		for id, script := range scripts {
			for n, fault := range script {
				fault.Path, fault.EveryNth, fault.Times = cseJobPath(fleetEngine, id), n+1, 1
				e.Inject(fault)
			}
		}
		// Faults spread over whole APIs, where reads run at once and which
		// read gets a fault is down to timing. Each API gets at most
		// max_retries faults, so that no read can fail for good.
		e.Inject(emulator.Fault{Path: cseListPath(fleetListEngine(1)), Status: 504, EveryNth: 2, Times: 2})
		e.Inject(emulator.Fault{Path: dlfPath, Reset: true, EveryNth: 4, Times: maxRetries})
		e.Inject(emulator.Fault{Path: ssJobPath(""), Status: 429, RetryAfter: "1", EveryNth: 3, Times: maxRetries})
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { injectFaults(); e.Reset() },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("data.hwcjobs_cse_engine_job.job_11", "status", knownvalue.StringExact("Executing")),
					expect("data.hwcjobs_cse_engine_job.job_11", "start_time", knownvalue.StringExact("2024-01-01T08:10:00.011Z")),
					expect("data.hwcjobs_cse_engine_job.job_12", "status", knownvalue.StringExact("Error")),
					expect("data.hwcjobs_cse_engine_job.job_12", "end_time", knownvalue.StringExact("2024-01-01T08:11:42.012Z")),
					expect("data.hwcjobs_cse_engine_job.job_13", "type", knownvalue.StringExact("Create")),
					expect("data.hwcjobs_cse_engine_jobs.list_1", "total", knownvalue.Int64Exact(105)),
					expect("data.hwcjobs_cse_engine_jobs.list_1", "jobs", knownvalue.ListSizeExact(105)),
					expect("data.hwcjobs_dataarts_factory_jobs.ws_2", "total", knownvalue.Int64Exact(2)),
					expect("data.hwcjobs_dataarts_factory_jobs.ws_2", "jobs", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("job-0001"), "priority": knownvalue.Int64Exact(1)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("job-0002"), "status": knownvalue.StringExact("STOPPED")}),
					})),
					expect("data.hwcjobs_servicestage_job.ss_3", "execution_status", knownvalue.StringExact("SUCCEEDED")),
					expect("data.hwcjobs_servicestage_job.ss_3", "tasks", knownvalue.ListExact([]knownvalue.Check{
						taskNamed("VMAPP_CONTEXT_PREPARE_01", "2024-06-06T15:55:03Z"),
						taskNamed("VMAPP_UPGRADE_002", "2024-06-06T15:55:04Z"),
					})),
				},
			},
			{
				// The whole step (every terraform run) is in the log now.
				PreConfig: func() {
					requests := logicalRequests(e.Requests())
					for key, reads := range requests {
						for _, attempts := range reads {
							if got := statuses(attempts); len(got) > maxRetries+1 || got[len(got)-1] != http.StatusOK {
								t.Errorf("%s: attempts answered %v, want success within %d attempts", key, got, maxRetries+1)
							}
						}
					}
					for id, wantStatuses := range want {
						if got := statuses(firstRead(t, requests, cseJobPath(fleetEngine, id))); !slices.Equal(got, wantStatuses) {
							t.Errorf("job %d: attempts answered %v, want %v", id, got, wantStatuses)
						}
					}
					// Retry-After: 1 is honoured.
					throttled := firstRead(t, requests, cseJobPath(fleetEngine, 15))
					if gap := throttled[1].At.Sub(throttled[0].At); gap < time.Second {
						t.Errorf("job 15 was retried %s after its 429 with Retry-After: 1", gap)
					}

					// Faults that outlast the retries: every attempt fails.
					e.ClearFaults()
					e.Inject(emulator.Fault{Path: cseJobPath(fleetEngine, 7), Status: 503})
					e.Inject(emulator.Fault{Path: ssJobPath(fleetSSJob(2)), Reset: true})
					e.Reset()
				},
				Config: config,
				ExpectError: eitherOrder(
					`API Error.*Reading CSE engine job 7 of engine fleet-show failed: the API answered 503 Service Unavailable to every attempt. `+
						`max_retries bounds the retries, timeouts.read the whole read. CSE GET `+cseJobPath(fleetEngine, 7)+
						`: HTTP 503 Service Unavailable: CSE.00503000: Service Unavailable (injected by the emulator) (X-Request-Id:`,
					`Request Failed.*Reading ServiceStage job JOB-fleet-2 failed: no answer from the API. max_retries bounds the retries of a refused `+
						`or reset connection, timeouts.read the whole read. Check endpoints.servicestage and the network. ServiceStage GET `+
						ssJobPath(fleetSSJob(2))+`: gave up after 4 attempts over`,
				),
			},
		},
	})

	// A failed plan is one terraform run: each failing read was tried
	// exactly max_retries+1 times, and then given up.
	requests := logicalRequests(e.Requests())
	for path, answer := range map[string]int{cseJobPath(fleetEngine, 7): 503, ssJobPath(fleetSSJob(2)): 0} {
		got := statuses(firstRead(t, requests, path))
		if want := slices.Repeat([]int{answer}, maxRetries+1); !slices.Equal(got, want) {
			t.Errorf("%s: attempts answered %v, want %v", path, got, want)
		}
	}
}

// Random transient faults on a third of all requests (throttling, server
// errors, resets before the answer, bodies cut halfway) across a plan of 40
// data sources: every value read is the one read without faults, and no
// request is sent more than max_retries+1 times.
func TestRandomTransientFaults(t *testing.T) {
	e, url := acctest.Emulator(t)
	f := fleet{cseJobs: 16, cseLists: 6, dlfLists: 8, ssJobs: 10, twoPages: true}
	f.seed(e)
	config := f.config(e, url)

	// Each data source's values, compared between a run without faults and
	// a run with them: one comparison per attribute, given its address once
	// per step.
	var checks []statecheck.StateCheck
	same := func(address, attribute string) {
		c := statecheck.CompareValue(compare.ValuesSame())
		c.AddStateValue(address, tfjsonpath.New(attribute))
		checks = append(checks, c.AddStateValue(address, tfjsonpath.New(attribute)))
	}
	for i := 1; i <= f.cseJobs; i++ {
		same(fmt.Sprintf("data.hwcjobs_cse_engine_job.job_%d", i), "status")
		same(fmt.Sprintf("data.hwcjobs_cse_engine_job.job_%d", i), "phases")
	}
	for i := 1; i <= f.cseLists; i++ {
		same(fmt.Sprintf("data.hwcjobs_cse_engine_jobs.list_%d", i), "jobs")
	}
	for i := 1; i <= f.dlfLists; i++ {
		same(fmt.Sprintf("data.hwcjobs_dataarts_factory_jobs.ws_%d", i), "jobs")
	}
	for i := 1; i <= f.ssJobs; i++ {
		same(fmt.Sprintf("data.hwcjobs_servicestage_job.ss_%d", i), "tasks")
	}

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: append(slices.Clone(checks),
					expect("data.hwcjobs_cse_engine_jobs.list_1", "jobs", knownvalue.ListSizeExact(105))),
			},
			{
				PreConfig: func() {
					e.Reset()
					e.InjectChaos(emulator.Chaos{Share: 0.3, Seed: 2026, MaxInARow: maxRetries})
				},
				Config:            config,
				ConfigStateChecks: checks,
				Check: func(*terraform.State) error {
					kinds := map[string]int{}
					for key, reads := range logicalRequests(e.Requests()) {
						for _, attempts := range reads {
							if got := statuses(attempts); len(got) > maxRetries+1 || got[len(got)-1] != http.StatusOK || attempts[len(attempts)-1].CutShort {
								return fmt.Errorf("%s: attempts answered %v, want success within %d attempts", key, got, maxRetries+1)
							}
							for _, a := range attempts[:len(attempts)-1] {
								switch {
								case a.CutShort:
									kinds["cut short"]++
								case a.Status == 0:
									kinds["reset"]++
								default:
									kinds[fmt.Sprint(a.Status)]++
								}
							}
						}
					}
					// The run met every kind of fault.
					for _, kind := range []string{"cut short", "reset", "429", "500", "502", "503", "504"} {
						if kinds[kind] == 0 {
							return fmt.Errorf("no %s among the faults %v", kind, kinds)
						}
					}
					return nil
				},
			},
		},
	})
}

// A plan of 50 data sources shares one connection pool per terraform run:
// reads run at most 10 at once (terraform's parallelism), so a run opens at
// most 10 connections, where a client without reuse would open one per read.
func TestManyDataSourcesShareConnections(t *testing.T) {
	e, url := acctest.Emulator(t)
	f := fleet{cseJobs: 26, cseLists: 8, dlfLists: 8, ssJobs: 8}
	f.seed(e)
	// Slow answers keep reads in flight together, as over a real network.
	e.Inject(emulator.Fault{Delay: 20 * time.Millisecond})
	const parallelism = 10
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.config(e, url),
			Check: func(*terraform.State) error {
				// Every read is one request.
				requests := e.Count("")
				runs := requests / f.size()
				if runs == 0 || requests%f.size() != 0 {
					return fmt.Errorf("%d requests are not whole runs of %d", requests, f.size())
				}
				if conns := e.Connections(); conns > runs*parallelism {
					return fmt.Errorf("%d terraform runs of %d data sources opened %d connections, more than %d per run",
						runs, f.size(), conns, parallelism)
				}
				return nil
			},
		}},
	})
}

func expect(address, attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), check)
}

func taskNamed(name, createdAt string) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "created_at": knownvalue.StringExact(createdAt),
	})
}

// eitherOrder matches two "Summary.*detail" errors in either order, as
// terraform reports reads that run at once.
func eitherOrder(a, b string) *regexp.Regexp {
	ra, rb := errorPattern(a).String(), errorPattern(b).String()
	return regexp.MustCompile(`(?s)(?:` + ra + `.*` + rb + `|` + rb + `.*` + ra + `)`)
}

// Cancelling a read (Ctrl-C cancels the context of the call) ends it at once,
// whatever it is waiting for: a Retry-After, a slow answer, the next poll.
// The reads go through the provider's protocol server, as terraform calls it.
func TestCancelEndsReadAtOnce(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.GenerateCSEJobs("engine-a", 3) // job 3 is Executing: waiting never ends
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "JOB-running", Type: "PROVISION", Status: "RUNNING"})
	e.Inject(emulator.Fault{Path: cseJobPath("engine-a", 1), Status: 429, RetryAfter: "60"})
	e.Inject(emulator.Fault{Path: cseJobPath("engine-a", 2), Delay: time.Minute})
	server := configuredProvider(t, e, url)

	const cancelAfter = 300 * time.Millisecond
	tests := []struct {
		name, dataSource string
		config           map[string]any
		subject          string
	}{
		{"backoff after a 429 with Retry-After: 60", "hwcjobs_cse_engine_job",
			map[string]any{"engine_id": "engine-a", "job_id": "1"}, "CSE engine job 1 of engine engine-a"},
		{"answer that takes a minute", "hwcjobs_cse_engine_job",
			map[string]any{"engine_id": "engine-a", "job_id": "2"}, "CSE engine job 2 of engine engine-a"},
		{"30s between polls of a CSE job", "hwcjobs_cse_engine_job",
			map[string]any{"engine_id": "engine-a", "job_id": "3", "wait_for_completion": true, "poll_interval": "30s"},
			"CSE engine job 3 of engine engine-a"},
		{"30s between polls of a ServiceStage job", "hwcjobs_servicestage_job",
			map[string]any{"job_id": "JOB-running", "wait_for_completion": true, "poll_interval": "30s"},
			"ServiceStage job JOB-running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.Reset()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cancelledAt := make(chan time.Time, 1)
			time.AfterFunc(cancelAfter, func() { cancelledAt <- time.Now(); cancel() })

			diags := readDataSource(ctx, t, server, tt.dataSource, tt.config)
			returned := time.Now()
			var cancelled time.Time
			select {
			case cancelled = <-cancelledAt:
			default:
				t.Fatalf("the read returned before it was cancelled: %v", diags)
			}
			// Without the cancellation, each read would go on for 30
			// seconds or more.
			if took := returned.Sub(cancelled); took > 15*time.Second {
				t.Errorf("the read returned %s after it was cancelled: the cancellation did not end it", took)
			}
			want := []string{"Cancelled: Reading " + tt.subject + " was cancelled."}
			if !slices.Equal(diags, want) {
				t.Errorf("diagnostics %q, want %q", diags, want)
			}
			// One attempt, or one poll, then nothing. The emulator logs an
			// abandoned slow answer when it notices, just after the read ends.
			deadline := time.Now().Add(30 * time.Second)
			for e.Count("") == 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := e.Count(""); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// configuredProvider is the provider's protocol server, configured for the
// emulator at url as acctest.ProviderConfig does.
func configuredProvider(t *testing.T, e *emulator.Emulator, url string) tfprotov6.ProviderServer {
	t.Helper()
	server := newProviderServer(t)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.Config()
	endpoints := map[string]any{}
	for _, s := range []string{"cse", "dlf", "cce", "servicestage", "iam"} {
		endpoints[s] = url
	}
	config := map[string]any{
		"region": cfg.Region, "access_key": emulator.DefaultAccessKey, "secret_key": cfg.Keys[emulator.DefaultAccessKey],
		"project_id": cfg.ProjectID, "endpoints": endpoints, "max_retries": maxRetries,
	}
	resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, schemas.Provider.ValueType(), config),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configuring the provider: %v %v", err, diagnostics(resp.Diagnostics))
	}
	return server
}

// readDataSource reads a data source through server and returns its
// diagnostics as "Summary: detail".
func readDataSource(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, typeName string, config map[string]any) []string {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schema, ok := schemas.DataSourceSchemas[typeName]
	if !ok {
		t.Fatalf("no data source %s", typeName)
	}
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName, Config: dynamicValue(t, schema.ValueType(), config),
	})
	if err != nil {
		t.Fatal(err)
	}
	return diagnostics(resp.Diagnostics)
}

func diagnostics(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return out
}

// dynamicValue is a configuration of type typ: the attributes in values, and
// null for every other one.
func dynamicValue(t *testing.T, typ tftypes.Type, values map[string]any) *tfprotov6.DynamicValue {
	t.Helper()
	v, err := tfprotov6.NewDynamicValue(typ, tfValue(t, typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

// tfValue converts strings, bools, ints and maps (to maps or objects) to a
// value of typ.
func tfValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	switch v := v.(type) {
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(v)))
	case map[string]any:
		values := map[string]tftypes.Value{}
		switch typ := typ.(type) {
		case tftypes.Object:
			for name := range v {
				if _, ok := typ.AttributeTypes[name]; !ok {
					t.Fatalf("no attribute %s", name)
				}
			}
			for name, attrType := range typ.AttributeTypes {
				values[name] = tfValue(t, attrType, v[name])
			}
		case tftypes.Map:
			for k, elem := range v {
				values[k] = tfValue(t, typ.ElementType, elem)
			}
		}
		return tftypes.NewValue(typ, values)
	}
	return tftypes.NewValue(typ, v) // nil (null), string, bool
}
