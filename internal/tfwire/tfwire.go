// Package tfwire writes the state of a data source as the plugin protocol
// carries it (a msgpack DynamicValue) straight from the attribute values a
// read builds, without the framework's state machinery. For a list of
// 10,000 jobs that machinery (reflection into the state, a walk of every
// value to reify null blocks, a semantic-equality walk and a deep copy) costs
// several times the read itself (hashicorp/terraform-plugin-framework#775).
//
// The encoding is Terraform's own (go-cty's msgpack, which tftypes also
// writes): objects and maps are msgpack maps keyed by name, lists arrays,
// null nil; numbers are integers where exact. The types still come from the
// framework schema: State checks every value it writes against the schema's
// Terraform type.
package tfwire

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// State is the msgpack state of a data source of type typ: the attributes of
// config (the configuration as Terraform sent it) with those of computed in
// their place. A computed attribute that the schema does not have, or whose
// value is not of the schema's type, is an error: a bug of the data source.
func State(ctx context.Context, typ tftypes.Object, config tftypes.Value, computed map[string]attr.Value) (*tfprotov6.DynamicValue, error) {
	var args map[string]tftypes.Value
	if !config.IsNull() {
		if err := config.As(&args); err != nil {
			return nil, fmt.Errorf("reading the configuration: %w", err)
		}
	}
	for name := range computed {
		if _, ok := typ.AttributeTypes[name]; !ok {
			return nil, fmt.Errorf("attribute %q is not in the schema", name)
		}
	}
	e := &Encoder{}
	names := slices.Sorted(maps.Keys(typ.AttributeTypes))
	e.MapLen(len(names))
	for _, name := range names {
		want := typ.AttributeTypes[name]
		e.String(name)
		v, ok := computed[name]
		if !ok {
			arg, ok := args[name]
			if !ok {
				arg = tftypes.NewValue(want, nil)
			}
			if err := e.Terraform(want, arg); err != nil {
				return nil, fmt.Errorf("attribute %q: %w", name, err)
			}
			continue
		}
		if got := v.Type(ctx).TerraformType(ctx); !got.Equal(want) {
			return nil, fmt.Errorf("attribute %q is a %s, the schema says %s", name, got, want)
		}
		if err := e.Value(ctx, v); err != nil {
			return nil, fmt.Errorf("attribute %q: %w", name, err)
		}
	}
	return &tfprotov6.DynamicValue{MsgPack: e.Bytes()}, nil
}

// Encoder appends msgpack to a buffer.
type Encoder struct{ buf []byte }

// Bytes is what has been written.
func (e *Encoder) Bytes() []byte { return e.buf }

// Value writes an attribute value. Strings, numbers, bools, lists, maps and
// objects of the framework's base types are written directly; any other
// value, and unknown values, as tftypes writes them.
func (e *Encoder) Value(ctx context.Context, v attr.Value) error {
	if v.IsUnknown() {
		return e.viaTerraform(ctx, v)
	}
	if v.IsNull() {
		e.Nil()
		return nil
	}
	switch v := v.(type) {
	case ObjectList:
		return v.write(ctx, e)
	case basetypes.StringValue:
		e.String(v.ValueString())
	case basetypes.Int64Value:
		e.Int(v.ValueInt64())
	case basetypes.BoolValue:
		e.Bool(v.ValueBool())
	case basetypes.ListValue:
		elems := v.Elements()
		e.ArrayLen(len(elems))
		// The objects of a list share their attribute names: sorted once.
		var names []string
		if objectType, ok := v.ElementType(ctx).(basetypes.ObjectType); ok {
			names = slices.Sorted(maps.Keys(objectType.AttrTypes))
		}
		for _, elem := range elems {
			if object, ok := elem.(basetypes.ObjectValue); ok && names != nil && !object.IsNull() && !object.IsUnknown() {
				if err := e.object(ctx, object, names); err != nil {
					return err
				}
				continue
			}
			if err := e.Value(ctx, elem); err != nil {
				return err
			}
		}
	case basetypes.MapValue:
		elems := v.Elements()
		e.MapLen(len(elems))
		for _, k := range slices.Sorted(maps.Keys(elems)) {
			e.String(k)
			if err := e.Value(ctx, elems[k]); err != nil {
				return err
			}
		}
	case basetypes.ObjectValue:
		return e.object(ctx, v, slices.Sorted(maps.Keys(v.AttributeTypes(ctx))))
	default:
		return e.viaTerraform(ctx, v)
	}
	return nil
}

// object writes a known object whose attributes are names, sorted.
func (e *Encoder) object(ctx context.Context, v basetypes.ObjectValue, names []string) error {
	attrs := v.Attributes()
	if len(attrs) != len(names) {
		return fmt.Errorf("an object of %d attributes where its type has %d", len(attrs), len(names))
	}
	e.MapLen(len(names))
	for _, name := range names {
		a, ok := attrs[name]
		if !ok {
			return fmt.Errorf("an object without its attribute %q", name)
		}
		e.String(name)
		if err := e.Value(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

func (e *Encoder) viaTerraform(ctx context.Context, v attr.Value) error {
	tv, err := v.ToTerraformValue(ctx)
	if err != nil {
		return err
	}
	return e.Terraform(v.Type(ctx).TerraformType(ctx), tv)
}

// Terraform writes a tftypes value of type typ, as tftypes writes it.
func (e *Encoder) Terraform(typ tftypes.Type, v tftypes.Value) error {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		return err
	}
	e.buf = append(e.buf, dv.MsgPack...)
	return nil
}

// Nil writes null.
func (e *Encoder) Nil() { e.buf = append(e.buf, 0xc0) }

// Bool writes a bool.
func (e *Encoder) Bool(b bool) {
	if b {
		e.buf = append(e.buf, 0xc3)
	} else {
		e.buf = append(e.buf, 0xc2)
	}
}

// Int writes a number that is a whole number, in its shortest form.
func (e *Encoder) Int(n int64) {
	switch {
	case n >= 0 && n <= 0x7f:
		e.buf = append(e.buf, byte(n))
	case n < 0 && n >= -32:
		e.buf = append(e.buf, byte(int8(n)))
	case n >= math.MinInt8 && n <= math.MaxInt8:
		e.buf = append(e.buf, 0xd0, byte(int8(n)))
	case n >= math.MinInt16 && n <= math.MaxInt16:
		e.buf = append(e.buf, 0xd1, byte(uint16(n)>>8), byte(uint16(n)))
	case n >= math.MinInt32 && n <= math.MaxInt32:
		e.buf = append(e.buf, 0xd2)
		e.be32(uint32(n))
	default:
		e.buf = append(e.buf, 0xd3)
		e.be32(uint32(uint64(n) >> 32))
		e.be32(uint32(n))
	}
}

// String writes a string.
func (e *Encoder) String(s string) {
	switch n := len(s); {
	case n <= 31:
		e.buf = append(e.buf, 0xa0|byte(n))
	case n <= math.MaxUint8:
		e.buf = append(e.buf, 0xd9, byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, 0xda, byte(n>>8), byte(n))
	default:
		e.buf = append(e.buf, 0xdb)
		e.be32(uint32(n))
	}
	e.buf = append(e.buf, s...)
}

// ArrayLen starts a list of n elements.
func (e *Encoder) ArrayLen(n int) { e.header(n, 0x90, 0xdc, 0xdd) }

// MapLen starts a map or an object of n entries, each a key and a value.
func (e *Encoder) MapLen(n int) { e.header(n, 0x80, 0xde, 0xdf) }

func (e *Encoder) header(n int, fix, b16, b32 byte) {
	switch {
	case n <= 15:
		e.buf = append(e.buf, fix|byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, b16, byte(n>>8), byte(n))
	default:
		e.buf = append(e.buf, b32)
		e.be32(uint32(n))
	}
}

func (e *Encoder) be32(n uint32) {
	e.buf = append(e.buf, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}
