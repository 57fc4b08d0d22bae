package cce

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// The schema is valid, documents every attribute, and matches the model: a
// state round trip of a full model gives it back.
func TestSchemaAndModel(t *testing.T) {
	ctx := context.Background()
	ds := NewJobsDataSource()
	var meta datasource.MetadataResponse
	ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hwcjobs"}, &meta)
	if meta.TypeName != "hwcjobs_cce_jobs" {
		t.Errorf("type name %q", meta.TypeName)
	}
	var resp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
	if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}

	var jobs []job
	if err := json.Unmarshal([]byte(emulator.ExampleCCEList), &jobs); err != nil {
		t.Fatal(err)
	}
	var nested job
	if err := json.Unmarshal([]byte(tree), &nested); err != nil {
		t.Fatal(err)
	}
	list, diags := jobList([]*job{&jobs[0], &nested}).List(ctx)
	m := jobsModel{
		ID: types.StringValue("x"), ClusterID: types.StringNull(), Type: types.StringNull(),
		Status: types.StringValue("failed"), ResourceID: types.StringNull(),
		Jobs: list,
		ListArguments: wait.ListArguments{
			WaitForCompletion: types.BoolValue(true), FailOnError: types.BoolValue(false), PollInterval: types.StringNull(),
			ReadTimeout: wait.UnsetTimeouts(),
		},
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
	state := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	var back jobsModel
	if d := state.Get(ctx, &back); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, m)
	}
}
