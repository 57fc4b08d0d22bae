package tfwire

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every value the encoder writes itself reads back, through tftypes (which
// decodes as Terraform does), as the value the framework would send: each
// size class of strings, integers, lists and maps, nulls and unknowns.
func TestValuesReadBack(t *testing.T) {
	ctx := context.Background()
	var values []attr.Value
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536} {
		values = append(values, types.StringValue(strings.Repeat("é", n/2)+strings.Repeat("x", n%2)))
	}
	for _, n := range []int64{0, 1, 127, 128, 255, 256, -1, -32, -33, -128, -129, 32767, 32768, -32768, -32769,
		math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64} {
		values = append(values, types.Int64Value(n))
	}
	values = append(values, types.BoolValue(true), types.BoolValue(false), types.StringNull(), types.Int64Unknown(),
		types.Float64Value(1.5), types.NumberNull())
	for _, n := range []int{0, 15, 16, 65536} {
		elems := make([]attr.Value, n)
		m := make(map[string]attr.Value, n)
		for i := range elems {
			elems[i] = types.Int64Value(int64(i))
			m[strings.Repeat("k", i%40)+string(rune('a'+i%26))+string(rune(i))] = types.StringValue("v")
		}
		values = append(values, types.ListValueMust(types.Int64Type, elems), types.MapValueMust(types.StringType, m))
	}
	objectType := types.ObjectType{AttrTypes: map[string]attr.Type{"a": types.StringType, "b": types.ListType{ElemType: types.BoolType}}}
	values = append(values,
		types.ObjectValueMust(objectType.AttrTypes, map[string]attr.Value{"a": types.StringValue("x"), "b": types.ListNull(types.BoolType)}),
		types.ListNull(objectType), types.ListUnknown(objectType))
	for _, v := range values {
		e := NewEncoder()
		if err := e.Value(ctx, v); err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		typ := v.Type(ctx).TerraformType(ctx)
		got, err := (&tfprotov6.DynamicValue{MsgPack: e.Bytes()}).Unmarshal(typ)
		if err != nil {
			t.Fatalf("%.80s: %v", v, err)
		}
		want, err := v.ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("%.80s reads back as %.80s", v, got)
		}
	}
}

// An ObjectList writes what its framework list holds, and refuses objects
// that are not of its type.
func TestObjectList(t *testing.T) {
	ctx := context.Background()
	inner := types.ObjectType{AttrTypes: map[string]attr.Type{"n": types.Int64Type}}
	elem := types.ObjectType{AttrTypes: map[string]attr.Type{"name": types.StringType, "parts": types.ListType{ElemType: inner}}}
	list := ObjectList{Elem: elem, Len: 200, Attributes: func(i int, _ *diag.Diagnostics) map[string]attr.Value {
		return map[string]attr.Value{"name": types.StringValue(strings.Repeat("n", i)), "parts": ObjectList{Elem: inner, Len: i % 3,
			Attributes: func(j int, _ *diag.Diagnostics) map[string]attr.Value {
				return map[string]attr.Value{"n": types.Int64Value(int64(j))}
			}}}
	}}
	framework, diags := list.List(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"list": framework.Type(ctx).TerraformType(ctx)}}
	state, _, err := State(ctx, typ, tftypes.NewValue(typ, nil), map[string]attr.Value{"list": list})
	if err != nil {
		t.Fatal(err)
	}
	got, err := state.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	want, err := framework.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(tftypes.NewValue(typ, map[string]tftypes.Value{"list": want})) {
		t.Fatalf("got %.200s", got)
	}

	wrong := list
	wrong.Attributes = func(int, *diag.Diagnostics) map[string]attr.Value {
		return map[string]attr.Value{"name": types.Int64Value(1), "parts": types.ListNull(inner)}
	}
	if _, _, err := State(ctx, typ, tftypes.NewValue(typ, nil), map[string]attr.Value{"list": wrong}); err == nil {
		t.Fatal("an object of the wrong type was written")
	}
	if _, _, err := State(ctx, typ, tftypes.NewValue(typ, nil), map[string]attr.Value{"other": list}); err == nil {
		t.Fatal("an attribute outside the schema was written")
	}
}

// The warnings that Attributes reports reach the state's diagnostics as they
// reach List's: all of them, nested lists' included, in the same order.
func TestObjectListWarnings(t *testing.T) {
	ctx := context.Background()
	inner := types.ObjectType{AttrTypes: map[string]attr.Type{"n": types.Int64Type}}
	elem := types.ObjectType{AttrTypes: map[string]attr.Type{"parts": types.ListType{ElemType: inner}}}
	list := ObjectList{Elem: elem, Len: 3, Attributes: func(i int, diags *diag.Diagnostics) map[string]attr.Value {
		diags.AddWarning("Odd Time", fmt.Sprintf("object %d", i))
		return map[string]attr.Value{"parts": ObjectList{Elem: inner, Len: 2,
			Attributes: func(j int, diags *diag.Diagnostics) map[string]attr.Value {
				if i == 1 {
					diags.AddWarning("Odd Time", fmt.Sprintf("object %d part %d", i, j))
				}
				return map[string]attr.Value{"n": types.Int64Value(int64(j))}
			}}}
	}}
	want := []string{"object 0", "object 1", "object 1 part 0", "object 1 part 1", "object 2"}
	details := func(diags diag.Diagnostics) []string {
		var out []string
		for _, d := range diags {
			if d.Severity() != diag.SeverityWarning || d.Summary() != "Odd Time" {
				t.Errorf("%s: %s: %s", d.Severity(), d.Summary(), d.Detail())
			}
			out = append(out, d.Detail())
		}
		return out
	}
	_, listDiags := list.List(ctx)
	if got := details(listDiags); !slices.Equal(got, want) {
		t.Errorf("List warns %q, want %q", got, want)
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"list": list.Type(ctx).TerraformType(ctx)}}
	_, warnings, err := State(ctx, typ, tftypes.NewValue(typ, nil), map[string]attr.Value{"list": list})
	if err != nil {
		t.Fatal(err)
	}
	if got := details(warnings); !slices.Equal(got, want) {
		t.Errorf("State warns %q, want %q", got, want)
	}
}

func TestArguments(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"s": tftypes.String, "empty": tftypes.String, "unset": tftypes.String, "later": tftypes.String,
		"b": tftypes.Bool, "n": tftypes.Number, "half": tftypes.Number,
	}}
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{
		"s": tftypes.NewValue(tftypes.String, "x"), "empty": tftypes.NewValue(tftypes.String, ""),
		"unset": tftypes.NewValue(tftypes.String, nil), "later": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"b": tftypes.NewValue(tftypes.Bool, true), "n": tftypes.NewValue(tftypes.Number, 42),
		"half": tftypes.NewValue(tftypes.Number, 0.5),
	})
	a, diags := ArgumentsOf(tfsdk.Config{Raw: raw})
	if diags.HasError() {
		t.Fatal(diags)
	}
	for _, c := range []struct {
		got  attr.Value
		want attr.Value
	}{
		{a.String("s"), types.StringValue("x")},
		{a.String("empty"), types.StringValue("")},
		{a.String("unset"), types.StringNull()},
		{a.String("later"), types.StringUnknown()},
		{a.String("absent"), types.StringNull()},
		{a.String("b"), types.StringNull()}, // not a string
		{a.Bool("b"), types.BoolValue(true)},
		{a.Bool("absent"), types.BoolNull()},
		{a.Int64("n"), types.Int64Value(42)},
		{a.Int64("half"), types.Int64Null()}, // not whole
		{a.Int64("absent"), types.Int64Null()},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if a, diags := ArgumentsOf(tfsdk.Config{Raw: tftypes.NewValue(typ, nil)}); diags.HasError() || len(a) != 0 {
		t.Errorf("a null configuration: %v %v", a, diags)
	}
}

// ObjectsOf lists one object per item, built from the item when asked.
func TestObjectsOf(t *testing.T) {
	ctx := context.Background()
	elem := types.ObjectType{AttrTypes: map[string]attr.Type{"n": types.Int64Type}}
	built := 0
	l := ObjectsOf(elem, []int64{4, 5}, func(n int64) map[string]attr.Value {
		built++
		return map[string]attr.Value{"n": types.Int64Value(n)}
	})
	if l.Len != 2 || built != 0 {
		t.Fatalf("Len %d, %d objects built before the list is", l.Len, built)
	}
	list, diags := l.List(ctx)
	want := types.ListValueMust(elem, []attr.Value{
		types.ObjectValueMust(elem.AttrTypes, map[string]attr.Value{"n": types.Int64Value(4)}),
		types.ObjectValueMust(elem.AttrTypes, map[string]attr.Value{"n": types.Int64Value(5)}),
	})
	if diags.HasError() || !list.Equal(want) || built != 2 {
		t.Fatalf("got %s (%d built) %v", list, built, diags)
	}
}
