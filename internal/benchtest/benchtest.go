// Package benchtest holds what the data source benchmarks share. It imports
// no provider package, so that their in-package tests can use it.
package benchtest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
