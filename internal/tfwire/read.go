package tfwire

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// ComputedRead reads a data source as its configuration asks and returns its
// computed attributes by name; the arguments stay as configured.
type ComputedRead func(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics)

// Read is the framework's Read of a data source whose reads are a
// ComputedRead, which the provider's server also answers at the protocol
// level: the state is the configuration with the computed attributes in
// their place, set through the framework.
func Read(ctx context.Context, read ComputedRead, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	computed, diags := read(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.State.Raw = req.Config.Raw
	for _, name := range slices.Sorted(maps.Keys(computed)) {
		v := computed[name]
		if list, ok := v.(ObjectList); ok {
			var d diag.Diagnostics
			v, d = list.List(ctx)
			resp.Diagnostics.Append(d...)
			if resp.Diagnostics.HasError() {
				return
			}
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
}
