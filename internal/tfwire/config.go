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
	s, null, unknown := valueOf[string](a, name)
	switch {
	case unknown:
		return types.StringUnknown()
	case null:
		return types.StringNull()
	}
	return types.StringValue(s)
}

// Bool is the bool attribute name: null when unset or not a bool, unknown
// when unknown.
func (a Arguments) Bool(name string) types.Bool {
	b, null, unknown := valueOf[bool](a, name)
	switch {
	case unknown:
		return types.BoolUnknown()
	case null:
		return types.BoolNull()
	}
	return types.BoolValue(b)
}

// Int64 is the number attribute name as a whole number: null when unset,
// not a number or not whole, unknown when unknown.
func (a Arguments) Int64(name string) types.Int64 {
	f, null, unknown := valueOf[*big.Float](a, name)
	if unknown {
		return types.Int64Unknown()
	}
	if null || f == nil {
		return types.Int64Null()
	}
	n, acc := f.Int64()
	if acc != big.Exact {
		return types.Int64Null()
	}
	return types.Int64Value(n)
}

// valueOf is the attribute name as a T, or whether it is null (unset, or
// not a T) or unknown.
func valueOf[T any](a Arguments, name string) (value T, null, unknown bool) {
	v, ok := a[name]
	switch {
	case !ok || v.IsNull():
		return value, true, false
	case !v.IsKnown():
		return value, false, true
	case v.As(&value) != nil:
		return value, true, false
	}
	return value, false, false
}
