package convert

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// OddTime is a timestamp an API sent in a format the provider does not know.
type OddTime struct {
	Attribute string // the attribute it would have filled
	Value     string // as sent
}

// OddTimes finds the Unknown timestamps in a decoded response v (a pointer, a
// struct, a slice or a map holding them at any depth), in the order of the
// response. A Time field names its attribute with an attr struct tag, else
// the snake_case of its JSON name.
func OddTimes(v any) []OddTime {
	var out []OddTime
	walkTimes(reflect.ValueOf(v), "", &out)
	return out
}

// WarnOddTimes adds one warning for all the odd timestamps of v, naming each
// attribute once with the first value seen, so that a read over thousands of
// jobs still says it once.
func WarnOddTimes(diags *diag.Diagnostics, v any) {
	odd := OddTimes(v)
	if len(odd) == 0 {
		return
	}
	var names []string
	first := map[string]string{}
	count := map[string]int{}
	for _, o := range odd {
		if _, ok := first[o.Attribute]; !ok {
			names = append(names, o.Attribute)
			first[o.Attribute] = o.Value
		}
		count[o.Attribute]++
	}
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "\n- %s = %q", name, clipValue(first[name]))
		if n := count[name]; n > 1 {
			fmt.Fprintf(&b, " (and %d more)", n-1)
		}
	}
	diags.AddWarning("Unrecognised Timestamps",
		"The API sent timestamps in a format the provider does not know (it reads epoch milliseconds, RFC 3339, ISO 8601 with offsets such as +0800 and "+
			"\"2006-01-02 15:04:05 +0000 UTC\"). These attributes are null where they were:"+b.String()+
			"\n\nPlease report the format to the provider's maintainers.")
}

func clipValue(s string) string {
	const most = 64
	if len(s) > most {
		return s[:most] + "..."
	}
	return s
}

var timeType = reflect.TypeFor[Time]()

// holdsTimes caches, per type, whether a value of it can hold a Time: the
// walk skips everything else, so that a list of thousands of records costs
// little.
var holdsTimes sync.Map // reflect.Type -> bool

func typeHoldsTimes(t reflect.Type) bool {
	if v, ok := holdsTimes.Load(t); ok {
		holds, _ := v.(bool)
		return holds
	}
	holdsTimes.Store(t, false) // a recursive type ends here while being looked at
	var holds bool
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		holds = typeHoldsTimes(t.Elem())
	case reflect.Struct:
		if t == timeType {
			holds = true
			break
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && typeHoldsTimes(f.Type) {
				holds = true
				break
			}
		}
	}
	holdsTimes.Store(t, holds)
	return holds
}

func walkTimes(v reflect.Value, attribute string, out *[]OddTime) {
	if !v.IsValid() || !typeHoldsTimes(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTimes(v.Elem(), attribute, out)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkTimes(v.Index(i), attribute, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			walkTimes(iter.Value(), attribute, out)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t, _ := v.Interface().(Time); t.Unknown != "" {
				*out = append(*out, OddTime{Attribute: attribute, Value: t.Unknown})
			}
			return
		}
		for _, f := range timeFields(v.Type()) {
			walkTimes(v.Field(f.index), f.attribute, out)
		}
	}
}

// timeField is a field of a struct that can hold a Time, with the attribute
// it fills.
type timeField struct {
	index     int
	attribute string
}

// fieldsHoldingTimes caches timeFields per struct type.
var fieldsHoldingTimes sync.Map // reflect.Type -> []timeField

// timeFields are the exported fields of struct type t that can hold a Time,
// named once per type rather than once per record.
func timeFields(t reflect.Type) []timeField {
	if v, ok := fieldsHoldingTimes.Load(t); ok {
		fields, _ := v.([]timeField)
		return fields
	}
	var fields []timeField
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && typeHoldsTimes(f.Type) {
			fields = append(fields, timeField{index: i, attribute: attributeName(f)})
		}
	}
	fieldsHoldingTimes.Store(t, fields)
	return fields
}

// attributeName is the attr tag of a field, else the snake_case of its JSON
// name (of its Go name without one).
func attributeName(f reflect.StructField) string {
	if name := f.Tag.Get("attr"); name != "" {
		return name
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		name = f.Name
	}
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
