package convert

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The list data sources build their lists of nested objects directly as
// attribute values rather than as slices of tfsdk-tagged model structs: for a
// list of 10,000 jobs the framework's reflection over such structs (with a
// regexp compiled per field and element,
// hashicorp/terraform-plugin-framework#725) cost several seconds and gigabytes
// of allocations, many times the read itself.

// ObjectType is the type of the elements of a list nested attribute, as the
// schema gives it (what NestedObject.Type() returns for an attribute without
// a custom type), so that the names and types of their attributes are written
// once, in the schema.
func ObjectType(list schema.ListNestedAttribute) types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(list.NestedObject.Attributes))
	for name, attribute := range list.NestedObject.Attributes {
		attrTypes[name] = attribute.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// ObjectList is a known list, empty when items is, of one object of type elem
// per item, whose attribute values attributes gives. An object that does not
// match elem (an attribute missing, extra or of another type: a bug) is an
// error diagnostic, and the list is then null.
func ObjectList[T any](elem types.ObjectType, items []T, attributes func(T) map[string]attr.Value, diags *diag.Diagnostics) types.List {
	objects := make([]attr.Value, len(items))
	for i, item := range items {
		object, d := types.ObjectValue(elem.AttrTypes, attributes(item))
		if d.HasError() {
			diags.Append(d...)
			return types.ListNull(elem)
		}
		objects[i] = object
	}
	list, d := types.ListValue(elem, objects)
	diags.Append(d...)
	return list
}
