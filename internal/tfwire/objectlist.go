package tfwire

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ObjectList is a known list of Len objects of type Elem whose attributes
// are built only when the list is written, one object at a time, by
// Attributes (the same mapping as the framework's list is built from):
// State writes each object as it is built and drops it, so that a list of
// 10,000 jobs is never held as 10,000 object values. Attributes reports
// what goes wrong in diags: an error stops the write, warnings are returned
// by State as List returns them, in the same order. An ObjectList is an
// attr.Value, whose other methods build the whole list.
type ObjectList struct {
	Elem       types.ObjectType
	Len        int
	Attributes func(i int, diags *diag.Diagnostics) map[string]attr.Value
}

var _ attr.Value = ObjectList{}

// sampleObjects is how many objects of a list are written before the room
// for the rest is estimated from them.
const sampleObjects = 64

// write writes the list, checking that each object has exactly the
// attributes of Elem and that each value's type is the one Elem gives. The
// warnings of Attributes are kept in e, in the order List gives them.
func (l ObjectList) write(ctx context.Context, e *Encoder) error {
	names := slices.Sorted(maps.Keys(l.Elem.AttrTypes))
	e.ArrayLen(l.Len)
	diags := &e.diags
	start := e.Len()
	for i := range l.Len {
		if i == sampleObjects && l.Len > 2*sampleObjects {
			// Room for the rest at the size of the first objects, so that
			// the buffer of a large list grows once rather than in a
			// series of copies.
			perObject := (e.Len() - start) / sampleObjects
			e.Grow(perObject * (l.Len - i) * 9 / 8)
		}
		attrs := l.Attributes(i, diags)
		if diags.HasError() {
			return diagnosticsError(*diags)
		}
		if len(attrs) != len(names) {
			return fmt.Errorf("object %d has %d attributes, its type %d", i, len(attrs), len(names))
		}
		e.MapLen(len(names))
		for _, name := range names {
			v, ok := attrs[name]
			if !ok {
				return fmt.Errorf("object %d has no attribute %q", i, name)
			}
			if want := l.Elem.AttrTypes[name]; !v.Type(ctx).Equal(want) {
				return fmt.Errorf("attribute %q of object %d is a %s, its type says %s", name, i, v.Type(ctx), want)
			}
			e.String(name)
			if err := e.Value(ctx, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// List is the list as a framework value, every object built, and the
// ObjectLists among their attributes built as lists too.
func (l ObjectList) List(ctx context.Context) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	objects := make([]attr.Value, l.Len)
	for i := range l.Len {
		attrs := l.Attributes(i, &diags)
		for name, v := range attrs {
			if nested, ok := v.(ObjectList); ok {
				list, d := nested.List(ctx)
				diags.Append(d...)
				attrs[name] = list
			}
		}
		if diags.HasError() {
			return types.ListNull(l.Elem), diags
		}
		object, d := types.ObjectValue(l.Elem.AttrTypes, attrs)
		diags.Append(d...)
		if diags.HasError() {
			return types.ListNull(l.Elem), diags
		}
		objects[i] = object
	}
	list, d := types.ListValue(l.Elem, objects)
	diags.Append(d...)
	return list, diags
}

func (l ObjectList) list(ctx context.Context) (types.List, error) {
	list, diags := l.List(ctx)
	if diags.HasError() {
		return list, diagnosticsError(diags)
	}
	return list, nil
}

// Type is a list of Elem.
func (l ObjectList) Type(context.Context) attr.Type { return types.ListType{ElemType: l.Elem} }

// ToTerraformValue builds the list.
func (l ObjectList) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	list, err := l.list(ctx)
	if err != nil {
		return tftypes.Value{}, err
	}
	return list.ToTerraformValue(ctx)
}

// Equal builds both lists.
func (l ObjectList) Equal(other attr.Value) bool {
	ctx := context.Background()
	list, err := l.list(ctx)
	if err != nil {
		return false
	}
	if o, ok := other.(ObjectList); ok {
		other, err = o.list(ctx)
		if err != nil {
			return false
		}
	}
	return list.Equal(other)
}

// IsNull is false: the list is known.
func (l ObjectList) IsNull() bool { return false }

// IsUnknown is false: the list is known.
func (l ObjectList) IsUnknown() bool { return false }

// String is the list's, built.
func (l ObjectList) String() string {
	list, err := l.list(context.Background())
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return list.String()
}

func diagnosticsError(diags diag.Diagnostics) error {
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return errors.New(strings.Join(msgs, "; "))
}

// ObjectsOf is the ObjectList of one object per item, whose attributes are
// those attributes gives for the item.
func ObjectsOf[T any](elem types.ObjectType, items []T, attributes func(T) map[string]attr.Value) ObjectList {
	return ObjectList{Elem: elem, Len: len(items), Attributes: func(i int, _ *diag.Diagnostics) map[string]attr.Value {
		return attributes(items[i])
	}}
}
