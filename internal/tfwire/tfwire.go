// Package tfwire writes the state of a data source as the plugin protocol
// carries it (a msgpack DynamicValue) straight from the attribute values a
// read builds, without the framework's state machinery. For a list of
// 10,000 jobs that machinery (reflection into the state, a walk of every
// value to reify null blocks, a semantic-equality walk and a deep copy) costs
// several times the read itself (hashicorp/terraform-plugin-framework#775).
//
// The encoding is Terraform's own (go-cty's msgpack, which tftypes also
// writes, with the same encoder): objects and maps are msgpack maps keyed by
// name, lists arrays, null nil; Int64 values are msgpack integers, other
// numbers are written by tftypes. The types come from the framework schema,
// and State checks what the framework's conversion would have checked:
//   - every computed attribute is in the schema, and the type its value
//     declares is the schema's Terraform type;
//   - every object of an ObjectList has exactly the attributes of its element
//     type, each of the type that the element type gives;
//   - the arguments, copied from the configuration, are written by tftypes,
//     which checks them against the schema's type.
//
// Inside a framework value (a types.List, types.Object, ...), State relies on
// the framework's constructors, which refuse elements and attributes of the
// wrong type; it does not check the values again, nor that a value is known
// (a read never returns unknown values).
package tfwire

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// State is the msgpack state of a data source of type typ: the attributes of
// config (the configuration as Terraform sent it) with those of computed in
// their place, and the warnings that the ObjectLists among them reported as
// they were written. A computed attribute that the schema does not have, or
// whose value is not of the schema's type, is an error: a bug of the data
// source.
func State(ctx context.Context, typ tftypes.Object, config tftypes.Value, computed map[string]attr.Value) (*tfprotov6.DynamicValue, diag.Diagnostics, error) {
	var args map[string]tftypes.Value
	if !config.IsNull() {
		if err := config.As(&args); err != nil {
			return nil, nil, fmt.Errorf("reading the configuration: %w", err)
		}
	}
	for name := range computed {
		if _, ok := typ.AttributeTypes[name]; !ok {
			return nil, nil, fmt.Errorf("attribute %q is not in the schema", name)
		}
	}
	e := NewEncoder()
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
				return nil, nil, fmt.Errorf("attribute %q: %w", name, err)
			}
			continue
		}
		if got := v.Type(ctx).TerraformType(ctx); !got.Equal(want) {
			return nil, nil, fmt.Errorf("attribute %q is a %s, the schema says %s", name, got, want)
		}
		if err := e.Value(ctx, v); err != nil {
			return nil, nil, fmt.Errorf("attribute %q: %w", name, err)
		}
	}
	if e.Err() != nil {
		return nil, nil, e.Err()
	}
	return &tfprotov6.DynamicValue{MsgPack: e.Bytes()}, e.diags, nil
}

// Encoder writes msgpack to a buffer with the encoder tftypes itself uses
// (vmihailenco/msgpack). Writing to memory cannot fail: the first error of
// the encoder, if any, is kept and returned by State.
type Encoder struct {
	buf   bytes.Buffer
	enc   *msgpack.Encoder
	err   error
	diags diag.Diagnostics // the warnings of the ObjectLists written
}

// NewEncoder returns an empty Encoder.
func NewEncoder() *Encoder {
	e := &Encoder{}
	e.enc = msgpack.NewEncoder(&e.buf)
	return e
}

// Bytes is what has been written.
func (e *Encoder) Bytes() []byte { return e.buf.Bytes() }

// Err is the first error of the encoder, if any.
func (e *Encoder) Err() error { return e.err }

func (e *Encoder) keep(err error) {
	if e.err == nil {
		e.err = err
	}
}

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
	_, err = e.buf.Write(dv.MsgPack)
	return err
}

// Nil writes null.
func (e *Encoder) Nil() { e.keep(e.enc.EncodeNil()) }

// Bool writes a bool.
func (e *Encoder) Bool(b bool) { e.keep(e.enc.EncodeBool(b)) }

// Int writes a number that is a whole number, in its shortest form.
func (e *Encoder) Int(n int64) { e.keep(e.enc.EncodeInt(n)) }

// String writes a string.
func (e *Encoder) String(s string) { e.keep(e.enc.EncodeString(s)) }

// ArrayLen starts a list of n elements.
func (e *Encoder) ArrayLen(n int) { e.keep(e.enc.EncodeArrayLen(n)) }

// MapLen starts a map or an object of n entries, each a key and a value.
func (e *Encoder) MapLen(n int) { e.keep(e.enc.EncodeMapLen(n)) }

// Len is the number of bytes written so far.
func (e *Encoder) Len() int { return e.buf.Len() }

// Grow makes room for n more bytes.
func (e *Encoder) Grow(n int) { e.buf.Grow(n) }
