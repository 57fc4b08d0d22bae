package convert

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// items is a list nested attribute with a nested list, as the jobs of a list
// data source hold their tasks.
var items = schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
	"name":  schema.StringAttribute{Computed: true},
	"count": schema.Int64Attribute{Computed: true},
	"parts": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true},
	}}},
}}}

type item struct {
	name  *string
	parts []string
}

// The object type is the one the framework gives the attribute's elements.
func TestObjectType(t *testing.T) {
	got := ObjectType(items)
	if want := items.NestedObject.Type(); !got.Equal(want) {
		t.Fatalf("got %s, want %s", got, want)
	}
	if want := items.GetType().(types.ListType).ElemType; !got.Equal(want) {
		t.Fatalf("got %s, want the element type %s", got, want)
	}
}

func TestObjectList(t *testing.T) {
	itemType := ObjectType(items)
	partType := itemType.AttrTypes["parts"].(types.ListType).ElemType.(types.ObjectType)
	name := "a"
	var diags diag.Diagnostics
	attributes := func(it item) map[string]attr.Value {
		return map[string]attr.Value{
			"name":  types.StringPointerValue(it.name),
			"count": types.Int64Value(int64(len(it.parts))),
			"parts": ObjectList(partType, it.parts, func(id string) map[string]attr.Value {
				return map[string]attr.Value{"id": types.StringValue(id)}
			}, &diags),
		}
	}
	got := ObjectList(itemType, []item{{name: &name, parts: []string{"p1", "p2"}}, {}}, attributes, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	part := func(id string) attr.Value {
		return types.ObjectValueMust(partType.AttrTypes, map[string]attr.Value{"id": types.StringValue(id)})
	}
	want := types.ListValueMust(itemType, []attr.Value{
		types.ObjectValueMust(itemType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue("a"), "count": types.Int64Value(2),
			"parts": types.ListValueMust(partType, []attr.Value{part("p1"), part("p2")}),
		}),
		// No parts is an empty list, not a null one.
		types.ObjectValueMust(itemType.AttrTypes, map[string]attr.Value{
			"name": types.StringNull(), "count": types.Int64Value(0),
			"parts": types.ListValueMust(partType, []attr.Value{}),
		}),
	})
	if !got.Equal(want) {
		t.Errorf("got %s\nwant %s", got, want)
	}

	if empty := ObjectList(itemType, nil, attributes, &diags); empty.IsNull() || len(empty.Elements()) != 0 || diags.HasError() {
		t.Errorf("no items: got %s (%v), want an empty list", empty, diags)
	}
}

// An object that does not match its type is a bug of the provider: an error
// diagnostic, reported once however many objects have it, never a panic.
func TestObjectListMismatch(t *testing.T) {
	itemType := ObjectType(items)
	var diags diag.Diagnostics
	got := ObjectList(itemType, []int{1, 2, 3}, func(int) map[string]attr.Value {
		return map[string]attr.Value{"name": types.StringValue("x"), "count": types.StringValue("3")}
	}, &diags)
	if !got.IsNull() || diags.ErrorsCount() != 2 {
		t.Fatalf("got %s with %d errors, want null with 2 (a missing and a mistyped attribute): %v", got, diags.ErrorsCount(), diags)
	}
	for _, want := range []string{"Object Attribute Name (parts) Expected Type", "Object Attribute Name (count) Given Type: basetypes.StringType"} {
		if !strings.Contains(diagsText(diags), want) {
			t.Errorf("diagnostics lack %q:\n%s", want, diagsText(diags))
		}
	}
}

func diagsText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}
