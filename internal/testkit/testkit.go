// Package testkit holds what the data sources' in-package benchmarks and
// fuzz tests share. It imports no provider package, so that tests inside the
// service packages can use it.
package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
)

// EncodeState sets model as the state of a data source and encodes it the
// way the provider server sends it to Terraform.
func EncodeState(ctx context.Context, tb testing.TB, ds datasource.DataSource, model any) {
	tb.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
	typ := resp.Schema.Type().TerraformType(ctx)
	state := tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(typ, nil)}
	if diags := state.Set(ctx, model); diags.HasError() {
		tb.Fatal(diags)
	}
	if _, err := tfprotov6.NewDynamicValue(typ, state.Raw); err != nil {
		tb.Fatal(err)
	}
}

// TotalSize is the number of bytes of the bodies, for b.SetBytes.
func TotalSize(bodies [][]byte) int64 {
	var n int64
	for _, b := range bodies {
		n += int64(len(b))
	}
	return n
}

// CheckTime fails t unless the timestamp attribute v is null or RFC 3339 in
// UTC exactly as convert.FormatTime writes it.
func CheckTime(t *testing.T, name string, v types.String) {
	t.Helper()
	if v.IsNull() {
		return
	}
	parsed, err := time.Parse(time.RFC3339Nano, v.ValueString())
	if err != nil || convert.FormatTime(parsed) != v.ValueString() {
		t.Fatalf("%s %q is not RFC 3339 in UTC as FormatTime writes it (%v)", name, v.ValueString(), err)
	}
}
