package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	hwcjobs "github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// The do-nothing provider has every data source of hwcjobs, and a read
// answers with the configuration, unset strings and bools as zero values,
// without a request (it has no client to send one with).
func TestReadAnswersWithTheConfiguration(t *testing.T) {
	ctx := context.Background()
	p := nothingProvider{real: hwcjobs.New("test")()}
	var names []string
	var job datasource.DataSource
	for _, f := range p.DataSources(ctx) {
		ds := f()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hwcjobs"}, &meta)
		names = append(names, meta.TypeName)
		if meta.TypeName == "hwcjobs_job" {
			job = ds
		}
	}
	if want := len(hwcjobs.New("test")().DataSources(ctx)); len(names) != want || job == nil {
		t.Fatalf("data sources %v, want %d with hwcjobs_job", names, want)
	}
	var sch datasource.SchemaResponse
	job.Schema(ctx, datasource.SchemaRequest{}, &sch)
	typ, _ := sch.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
	}
	values["service"] = tftypes.NewValue(tftypes.String, "ecs")
	values["job_id"] = tftypes.NewValue(tftypes.String, "j-1")
	config := tfsdk.Config{Schema: sch.Schema, Raw: tftypes.NewValue(typ, values)}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: sch.Schema}}
	job.Read(ctx, datasource.ReadRequest{Config: config}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	for name, want := range map[string]any{"service": "ecs", "job_id": "j-1", "status": "", "succeeded": false} {
		var got types.String
		var gotBool types.Bool
		switch want := want.(type) {
		case string:
			resp.State.GetAttribute(ctx, path.Root(name), &got)
			if got.ValueString() != want || got.IsNull() {
				t.Errorf("%s = %s, want %q", name, got, want)
			}
		case bool:
			resp.State.GetAttribute(ctx, path.Root(name), &gotBool)
			if gotBool.ValueBool() != want || gotBool.IsNull() {
				t.Errorf("%s = %s, want %v", name, gotBool, want)
			}
		}
	}
	var _ provider.Provider = p
}
