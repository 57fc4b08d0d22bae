package tfwire

import (
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Arguments is a configuration's attributes by name, as Terraform sent
// them. A data source reads its arguments from it one by one, instead of
// through the framework's reflection over a model struct (Config.Get),
// which compiles a regular expression per field at every read
// (hashicorp/terraform-plugin-framework#725): for a single-job read, that
// and State.Set were most of the provider's work (CONTRIBUTING.md,
// "Where a single-job read goes").
type Arguments map[string]tftypes.Value

// ArgumentsOf is the configuration's attributes.
func ArgumentsOf(config tfsdk.Config) (Arguments, diag.Diagnostics) {
	var diags diag.Diagnostics
	a := Arguments{}
	if config.Raw.IsNull() {
		return a, diags
	}
	if err := config.Raw.As((*map[string]tftypes.Value)(&a)); err != nil {
		diags.AddError("Invalid Configuration", "The configuration is not an object: "+err.Error())
	}
	return a, diags
}

// String is the string attribute name: null when unset or not a string,
// unknown when unknown.
func (a Arguments) String(name string) types.String {
	v, ok := a[name]
	if !ok || v.IsNull() {
		return types.StringNull()
	}
	if !v.IsKnown() {
		return types.StringUnknown()
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// Bool is the bool attribute name: null when unset or not a bool, unknown
// when unknown.
func (a Arguments) Bool(name string) types.Bool {
	v, ok := a[name]
	if !ok || v.IsNull() {
		return types.BoolNull()
	}
	if !v.IsKnown() {
		return types.BoolUnknown()
	}
	var b bool
	if err := v.As(&b); err != nil {
		return types.BoolNull()
	}
	return types.BoolValue(b)
}

// Int64 is the number attribute name as a whole number: null when unset,
// not a number or not whole, unknown when unknown.
func (a Arguments) Int64(name string) types.Int64 {
	v, ok := a[name]
	if !ok || v.IsNull() {
		return types.Int64Null()
	}
	if !v.IsKnown() {
		return types.Int64Unknown()
	}
	bf := new(big.Float)
	if err := v.As(&bf); err != nil || bf == nil {
		return types.Int64Null()
	}
	n, acc := bf.Int64()
	if acc != big.Exact {
		return types.Int64Null()
	}
	return types.Int64Value(n)
}
