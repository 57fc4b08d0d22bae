package servicestage

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// The schema is valid, documents every attribute, and matches the model: a
// state round trip of a full model gives it back.
func TestSchemaAndModel(t *testing.T) {
	ctx := context.Background()
	ds := NewJobDataSource()
	var meta datasource.MetadataResponse
	ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hwcjobs"}, &meta)
	if meta.TypeName != "hwcjobs_servicestage_job" {
		t.Errorf("type name %q", meta.TypeName)
	}
	var resp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
	if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}

	m := jobDataSourceModel{
		jobModel: newJobModel(decode(t, upperCaseResponse)),
		Arguments: wait.Arguments{
			ListArguments: wait.ListArguments{
				WaitForCompletion: types.BoolValue(true), FailOnError: types.BoolNull(), PollInterval: types.StringValue("1s"),
				ReadTimeout: wait.ReadTimeout{Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"read": types.StringType})}},
			},
			AllowMissing: types.BoolValue(true), Found: types.BoolValue(true),
		},
		JobID: types.StringValue("JOB-1"),
	}
	state := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	var back jobDataSourceModel
	if d := state.Get(ctx, &back); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, m)
	}
}
