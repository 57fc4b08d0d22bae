package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// BenchmarkListRead is the read of each large list end to end, as Terraform
// asks for it: the ReadDataSource call of the protocol, with its
// configuration as msgpack, every page requested from the emulator on
// 127.0.0.1 (the emulator's answers, recorded once and replayed, so that
// little but the provider's work is counted), decoded, mapped and written as
// the state's msgpack. "server" is the
// provider's own answer, "framework" the framework's, for comparison.
func BenchmarkListRead(b *testing.B) {
	ctx := context.Background()
	e := emulator.New(emulator.Config{})
	e.GenerateDLFJobs(emulator.BenchWorkspace, "BATCH", emulator.BenchJobs)
	e.GenerateCSEJobs(emulator.BenchEngineID, emulator.BenchJobs)
	e.GenerateCCEJobs(emulator.BenchJobs, 1)
	replay := httptest.NewServer(replayed(e))
	b.Cleanup(replay.Close)
	s := configuredServer(b, replay.URL)
	readers := s.provider.computedReaders(ctx)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, list := range []struct {
		name, typeName string
		args           map[string]tftypes.Value
	}{
		{"dlf-10000", "hwcjobs_dataarts_factory_jobs", map[string]tftypes.Value{"workspace_id": str(emulator.BenchWorkspace)}},
		{"cse-10000", "hwcjobs_cse_engine_jobs", map[string]tftypes.Value{"engine_id": str(emulator.BenchEngineID)}},
		{"cce-10000", "hwcjobs_cce_jobs", nil},
	} {
		typ := readers[list.typeName].typ
		config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, list.args))
		if err != nil {
			b.Fatal(err)
		}
		req := &tfprotov6.ReadDataSourceRequest{TypeName: list.typeName, Config: &config}
		// The emulator answers once, outside the timings; then replays.
		if _, err := s.ReadDataSource(ctx, req); err != nil {
			b.Fatal(err)
		}
		for _, way := range []struct {
			name string
			read func(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error)
		}{
			{"server", s.ReadDataSource},
			{"framework", s.frameworkServer.ReadDataSource},
		} {
			b.Run(list.name+"/"+way.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					resp, err := way.read(ctx, req)
					if err != nil || hasError(resp.Diagnostics) || resp.State == nil {
						b.Fatalf("%v %s", err, diagnosticsText(resp.Diagnostics))
					}
				}
			})
		}
	}
}

// replayed answers as h does the first time a URL is asked for, and from
// then on with the same answer, recorded.
func replayed(h http.Handler) http.Handler {
	type answer struct {
		status int
		header http.Header
		body   []byte
	}
	var mu sync.Mutex
	answers := map[string]answer{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		a, ok := answers[r.URL.String()]
		mu.Unlock()
		if !ok {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			a = answer{rec.Code, rec.Header(), rec.Body.Bytes()}
			mu.Lock()
			answers[r.URL.String()] = a
			mu.Unlock()
		}
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	})
}

// BenchmarkSingleRead is what Terraform asks of the provider for one
// single-job data source in a plan, end to end through the protocol server:
// ValidateDataResourceConfig, then ReadDataSource, each with its
// configuration as msgpack, the request answered by the emulator's recorded
// answer on 127.0.0.1. A plan of 300 single-job data sources costs the
// provider about 300 of these, plus its start.
func BenchmarkSingleRead(b *testing.B) {
	ctx := context.Background()
	e := emulator.New(emulator.Config{})
	e.SeedBench()
	replay := httptest.NewServer(replayed(e))
	b.Cleanup(replay.Close)
	s := configuredServer(b, replay.URL)
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, read := range []struct {
		name, typeName string
		args           map[string]tftypes.Value
	}{
		{"cse", "hwcjobs_cse_engine_job", map[string]tftypes.Value{"engine_id": str(emulator.BenchEngineID), "job_id": str("2")}},
		{"servicestage", "hwcjobs_servicestage_job", map[string]tftypes.Value{"job_id": str("bench-ss-001")}},
		{"job", "hwcjobs_job", map[string]tftypes.Value{"service": str("ecs"), "job_id": str("bench-ecs-001")}},
		{"dlf-instance", "hwcjobs_dataarts_factory_job_instance", map[string]tftypes.Value{"workspace_id": str(emulator.DemoWorkspace),
			"job_name": str(emulator.DemoDLFJob), "instance_id": str("9001")}},
		{"cce", "hwcjobs_cce_job", map[string]tftypes.Value{"job_id": str(emulator.DocCCEJob)}},
		{"mrs", "hwcjobs_mrs_job", map[string]tftypes.Value{"cluster_id": str(emulator.DocMRSCluster), "job_id": str(emulator.DocMRSJob)}},
	} {
		typ, ok := schemas.DataSourceSchemas[read.typeName].ValueType().(tftypes.Object)
		if !ok {
			b.Fatalf("%s: no object schema", read.typeName)
		}
		config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, read.args))
		if err != nil {
			b.Fatal(err)
		}
		validate := &tfprotov6.ValidateDataResourceConfigRequest{TypeName: read.typeName, Config: &config}
		req := &tfprotov6.ReadDataSourceRequest{TypeName: read.typeName, Config: &config}
		b.Run(read.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := s.ValidateDataResourceConfig(ctx, validate)
				if err != nil || hasError(v.Diagnostics) {
					b.Fatalf("%v %s", err, diagnosticsText(v.Diagnostics))
				}
				resp, err := s.ReadDataSource(ctx, req)
				if err != nil || hasError(resp.Diagnostics) || resp.State == nil {
					b.Fatalf("%v %s", err, diagnosticsText(resp.Diagnostics))
				}
			}
		})
	}
}
