package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The server answers the reads of the list data sources itself; what it
// answers is exactly what the framework answers: the same state, value for
// value, and the same diagnostics.
func TestServerReadsAsTheFramework(t *testing.T) {
	ctx := context.Background()
	e, base := emulator.Start(t, emulator.Config{})
	e.LoadExamples()
	e.GenerateDLFJobs("gen-workspace", "BATCH", 250)
	e.GenerateCSEJobs("gen-engine", 150)
	e.GenerateCCEJobs(30, 3)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for i := range 120 {
		e.AddDLFInstance("runs", emulator.DLFInstance{
			JobName: "hourly", JobID: 9, InstanceID: int64(500 + i), Status: []string{"success", "fail", "running"}[i%3],
			PlanTime: today.Add(time.Duration(i) * time.Minute), StartTime: today.Add(time.Duration(i) * time.Minute),
			InstanceType: i % 2, ErrorMessage: "node failed", ExecuteTime: time.Duration(i) * time.Second,
		})
	}
	s := configuredServer(t, base)
	readers := s.provider.computedReaders(ctx)
	for _, name := range []string{"hwcjobs_dataarts_factory_jobs", "hwcjobs_cse_engine_jobs", "hwcjobs_cce_jobs",
		"hwcjobs_dataarts_factory_job_instances"} {
		if _, ok := readers[name]; !ok {
			t.Errorf("the server does not answer the reads of %s", name)
		}
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tt := range []struct {
		typeName string
		args     map[string]tftypes.Value
	}{
		{"hwcjobs_dataarts_factory_jobs", map[string]tftypes.Value{"workspace_id": str("gen-workspace")}},
		{"hwcjobs_dataarts_factory_jobs", map[string]tftypes.Value{
			"workspace_id": str("gen-workspace"), "process_type": str("BATCH"),
			"tags":     tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("generated")}),
			"timeouts": tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}, map[string]tftypes.Value{"read": str("1m")}),
		}},
		{"hwcjobs_dataarts_factory_jobs", map[string]tftypes.Value{"workspace_id": str("no-such-workspace")}},
		{"hwcjobs_dataarts_factory_jobs", nil},
		{"hwcjobs_cse_engine_jobs", map[string]tftypes.Value{"engine_id": str("gen-engine")}},
		{"hwcjobs_cse_engine_jobs", map[string]tftypes.Value{"engine_id": str("gen-engine"), "status": str("error"), "type": str("Create")}},
		{"hwcjobs_cse_engine_jobs", map[string]tftypes.Value{"engine_id": str("no-such-engine")}},
		{"hwcjobs_cce_jobs", nil},
		{"hwcjobs_cce_jobs", map[string]tftypes.Value{"status": str("failed"), "wait_for_completion": tftypes.NewValue(tftypes.Bool, false)}},
		{"hwcjobs_cce_jobs", map[string]tftypes.Value{"cluster_id": str("no-such-cluster")}},
		{"hwcjobs_dataarts_factory_job_instances", map[string]tftypes.Value{"workspace_id": str("runs"),
			"min_plan_time": str(today.Format(time.RFC3339)), "max_plan_time": str(today.Add(3 * time.Hour).Format(time.RFC3339))}},
		{"hwcjobs_dataarts_factory_job_instances", map[string]tftypes.Value{"workspace_id": str("runs"), "job_name": str("hourly"),
			"exact_name": tftypes.NewValue(tftypes.Bool, true), "status": str("fail"), "instance_type": tftypes.NewValue(tftypes.Number, 1),
			"min_plan_time": str(today.Format(time.RFC3339)), "max_plan_time": str(today.Add(3 * time.Hour).Format(time.RFC3339))}},
		{"hwcjobs_dataarts_factory_job_instances", map[string]tftypes.Value{"workspace_id": str("no-such-workspace")}},
	} {
		t.Run(fmt.Sprintf("%s %v", tt.typeName, tt.args), func(t *testing.T) {
			typ := readers[tt.typeName].typ
			config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, tt.args))
			if err != nil {
				t.Fatal(err)
			}
			req := &tfprotov6.ReadDataSourceRequest{TypeName: tt.typeName, Config: &config}
			ours, err := s.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			framework, err := s.ProviderServer.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := diagnosticsText(ours.Diagnostics), diagnosticsText(framework.Diagnostics); got != want {
				t.Fatalf("diagnostics\n%s\nthe framework's\n%s", got, want)
			}
			if hasError(framework.Diagnostics) {
				return
			}
			got, err := ours.State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			want, err := framework.State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				diffs, _ := got.Diff(want)
				t.Fatalf("the states differ in %d values, first %v", len(diffs), diffs[0])
			}
		})
	}
}

// configuredServer is the provider's server configured for the emulator at
// base.
func configuredServer(tb testing.TB, base string) *server {
	tb.Helper()
	ctx := context.Background()
	ps, err := NewServer("test")()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := ps.(*server)
	if !ok {
		tb.Fatalf("NewServer made a %T", ps)
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	typ, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		tb.Fatal("the provider schema is not an object")
	}
	endpoints := map[string]tftypes.Value{}
	for _, svc := range []string{"cse", "dlf", "cce", "servicestage", "iam"} {
		endpoints[svc] = tftypes.NewValue(tftypes.String, base)
	}
	config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, map[string]tftypes.Value{
		"region":     tftypes.NewValue(tftypes.String, emulator.DefaultRegion),
		"access_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKey),
		"secret_key": tftypes.NewValue(tftypes.String, emulator.DefaultSecretKey),
		"project_id": tftypes.NewValue(tftypes.String, emulator.DefaultProjectID),
		"endpoints":  tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, endpoints),
	}))
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || hasError(resp.Diagnostics) {
		tb.Fatalf("configuring the provider: %v %s", err, diagnosticsText(resp.Diagnostics))
	}
	return s
}

// objectOf is an object of type typ with the attributes given and every
// other null.
func objectOf(typ tftypes.Object, args map[string]tftypes.Value) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
		if v, ok := args[name]; ok {
			values[name] = v
		}
	}
	return tftypes.NewValue(typ, values)
}

// diagnosticsText is diags as text, without the request ids, which differ
// from request to request.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var out string
	for _, d := range diags {
		out += fmt.Sprintf("%s: %s: %s (%v)\n", d.Severity, d.Summary, requestID.ReplaceAllString(d.Detail, "X-Request-Id: ..."), d.Attribute)
	}
	return out
}

var requestID = regexp.MustCompile(`X-Request-Id: [0-9a-f]+`)

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
