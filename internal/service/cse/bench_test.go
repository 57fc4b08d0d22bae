package cse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// benchJobs is the size of the list the benchmarks read: an engine with a
// long history, 100 pages of the data source's page size.
const benchJobs = 10000

// BenchmarkEngineJobsList measures what hwcjobs_cse_engine_jobs does with a
// 10,000-job list once the pages have arrived, step by step: decode (JSON
// pages into wire types, through the same paging and de-duplication as a
// read), map (wire types into the Terraform model, whose jobs are a list of
// object values) and state (the model into the state value and its msgpack
// encoding, as the framework sends it to Terraform); wire is what the
// provider's server does instead of map and state: the jobs mapped and
// written as the state's msgpack in one pass (package tfwire). The pages are the emulator's, as the API
// writes them: indented, one or two tasks a job.
func BenchmarkEngineJobsList(b *testing.B) {
	ctx := context.Background()
	bodies := listBodies(b, benchJobs)
	jobs := decodeListBodies(b, bodies)
	model := newListModel(b, jobs)

	b.Run("decode", func(b *testing.B) {
		b.SetBytes(testkit.TotalSize(bodies))
		b.ReportAllocs()
		for b.Loop() {
			decodeListBodies(b, bodies)
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newListModel(b, jobs)
		}
	})
	b.Run("state", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			testkit.EncodeState(ctx, b, NewEngineJobsDataSource(), &model)
		}
	})
	b.Run("wire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			testkit.EncodeWire(ctx, b, NewEngineJobsDataSource(), map[string]attr.Value{"total": model.Total, "jobs": jobList(jobs)})
		}
	})
}

// BenchmarkEngineJobRead is one read of hwcjobs_cse_engine_job, without
// waiting, through the data source's Read: the configuration, a signed
// request to the emulator on 127.0.0.1 (which answers in the same process),
// decoding, mapping and the state. A plan of many single-job data sources
// costs the provider about this much per data source.
func BenchmarkEngineJobRead(b *testing.B) {
	ctx := context.Background()
	e, base := emulator.Start(b, emulator.Config{})
	e.GenerateCSEJobs("bench-engine", 2) // job 2 has two phases
	endpoint, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	ds := NewEngineJobDataSource().(*engineJobDataSource)
	ds.client = client.New(client.Config{
		Region: emulator.DefaultRegion, ProjectID: emulator.DefaultProjectID, Version: "bench",
		AccessKey: emulator.DefaultAccessKey, SecretKey: emulator.DefaultSecretKey,
		Endpoints: map[client.Service]*url.URL{client.CSE: endpoint},
	})
	var schemaResp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	config := configOf(ctx, schemaResp, map[string]tftypes.Value{
		"engine_id": tftypes.NewValue(tftypes.String, "bench-engine"),
		"job_id":    tftypes.NewValue(tftypes.String, "2"),
	})
	b.ReportAllocs()
	for b.Loop() {
		resp := datasource.ReadResponse{State: tfsdk.State{Schema: schemaResp.Schema}}
		ds.Read(ctx, datasource.ReadRequest{Config: config}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
	}
}

// configOf is a configuration of a data source with the arguments given and
// every other attribute null.
func configOf(ctx context.Context, resp datasource.SchemaResponse, args map[string]tftypes.Value) tfsdk.Config {
	typ := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := args[name]; ok {
			values[name] = v
		}
	}
	return tfsdk.Config{Schema: resp.Schema, Raw: tftypes.NewValue(typ, values)}
}

// listBodies are the emulator's answers to the pages of an engine with n
// generated jobs, as listJobs asks for them.
func listBodies(tb testing.TB, n int) [][]byte {
	tb.Helper()
	const engine = "bench-engine"
	e := emulator.New(emulator.Config{})
	e.GenerateCSEJobs(engine, n)
	var bodies [][]byte
	for offset := 0; offset < n; offset += pageSize {
		target := fmt.Sprintf("/v2/%s/enginemgr/engines/%s/jobs?offset=%d&limit=%d", emulator.DefaultProjectID, engine, offset, pageSize)
		status, body := e.Answer(target, nil)
		if status != http.StatusOK {
			tb.Fatalf("GET %s: HTTP %d: %s", target, status, body)
		}
		bodies = append(bodies, body)
	}
	return bodies
}

// decodeListBodies reads bodies as listJobs reads its pages.
func decodeListBodies(tb testing.TB, bodies [][]byte) []listedJob {
	tb.Helper()
	paged, err := client.ReadPages(context.Background(), pageSize, func(j listedJob) string { return j.ID.String() },
		func(_ context.Context, offset, _ int) (client.Page[listedJob], error) {
			var page jobsPage
			err := json.Unmarshal(bodies[offset/pageSize], &page)
			return client.Page[listedJob]{Items: page.Data, Total: page.Total}, err
		})
	if err != nil || paged.Warning != "" || len(paged.Items) != benchJobs {
		tb.Fatalf("read %d jobs, warning %q, error %v", len(paged.Items), paged.Warning, err)
	}
	return paged.Items
}

func newListModel(tb testing.TB, jobs []listedJob) engineJobsModel {
	tb.Helper()
	list, diags := jobList(jobs).List(context.Background())
	m := engineJobsModel{EngineID: types.StringValue("bench-engine"), Total: types.Int64Value(int64(len(jobs)))}
	m.ReadTimeout = wait.UnsetTimeouts() // the state of a configuration without timeouts
	m.Jobs = list
	if diags.HasError() {
		tb.Fatal(diags)
	}
	return m
}
