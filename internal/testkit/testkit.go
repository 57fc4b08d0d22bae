// Package testkit holds what the data sources' tests share: helpers of the
// in-package benchmarks and fuzz tests, and the ways of paging every list
// test reads. It imports no provider package, so that tests inside the
// service packages can use it.
package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
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

// EncodeWire writes the state of a data source whose arguments are all null
// and whose computed attributes are computed, as the provider's server
// writes the state of a list data source (package tfwire), and returns its
// size in bytes.
func EncodeWire(ctx context.Context, tb testing.TB, ds datasource.DataSource, computed map[string]attr.Value) int {
	tb.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		tb.Fatal("the schema is not an object")
	}
	state, _, err := tfwire.State(ctx, typ, tftypes.NewValue(typ, nil), computed)
	if err != nil {
		tb.Fatal(err)
	}
	return len(state.MsgPack)
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

// PagingVariant is one way a list API may cut its pages, with the requests
// a read of PagingRecords records takes that way.
type PagingVariant struct {
	Name   string
	Paging emulator.Paging
	// Offsets are the offsets a read of PagingRecords records asks for, in
	// order: at most two requests more than its PagingRecords/20 pages.
	Offsets []int
}

// PagingRecords is the length of the list that PagingVariants serve.
const PagingRecords = 250

// PagingVariants serve PagingRecords records 20 a page whatever limit is
// asked, in each way of SPEC "Values" (rev. 2): record offsets, page numbers
// from 0 and from 1, and no total. Each must give the full list.
var PagingVariants = []PagingVariant{
	{"record offsets, limit capped to 20", emulator.Paging{MaxLimit: 20}, steps(0, 240, 20)},
	// offset=20 as a page number is past the end; offset=1 brings new
	// records: page numbers from 0.
	{"0-based page numbers", emulator.Paging{MaxLimit: 20, Offset: emulator.OffsetPages0},
		append([]int{0, 20, 1}, steps(2, 12, 1)...)},
	// offset=1 brings the first page again: page numbers from 1.
	{"1-based page numbers", emulator.Paging{MaxLimit: 20, Offset: emulator.OffsetPages1},
		append([]int{0, 20, 1}, steps(2, 13, 1)...)},
	// Read until the page shorter than the one before it, then offset=1
	// in case offset was a page number: it was not.
	{"no total", emulator.Paging{MaxLimit: 20, OmitTotal: true}, append(steps(0, 240, 20), 1)},
}

func steps(from, to, step int) []int {
	var out []int
	for i := from; i <= to; i += step {
		out = append(out, i)
	}
	return out
}
