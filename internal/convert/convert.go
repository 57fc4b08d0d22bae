// Package convert holds the conversions that every job API shares: flexible
// JSON types for the values the APIs send in several shapes (epoch
// milliseconds or formatted times, numeric or string identifiers, 0/1 flags),
// their Terraform values, and the ids of list data sources.
package convert

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

var null = []byte("null")

// Time is a timestamp as the APIs send it: epoch milliseconds (a number or a
// numeric string), Go's time.Time String format, or RFC 3339. Absent, zero and
// negative values are the zero Time, which becomes null.
type Time struct {
	time.Time
	// Unknown is the value as sent when it is in no format above: the
	// time is then null too, and OddTimes reports it, so that an odd
	// timestamp never stops a read or a wait.
	Unknown string
}

// UnmarshalJSON accepts every format of ParseTime, and keeps any other value
// as Unknown.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = Time{}
	if bytes.Equal(b, null) {
		return nil
	}
	s := string(b)
	if len(b) >= 2 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	if parsed, err := ParseTime(s); err == nil {
		t.Time = parsed
	} else {
		// Not an error: an odd timestamp must not stop a read.
		t.Unknown = s
	}
	return nil
}

// Value is the RFC 3339 form in UTC with the sub-second part kept and trailing
// zeros dropped, or null.
func (t Time) Value() types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(FormatTime(t.Time))
}

// FormatTime writes a time the way every timestamp attribute holds it.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// goTimeLayouts are the layouts of time.Time's String method, which CCE sends
// ("2025-09-02 10:23:38.987955 +0000 UTC").
var goTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
}

// isoOffsetLayout is ISO 8601 with a numeric offset without a colon.
const isoOffsetLayout = "2006-01-02T15:04:05.999999999-0700"

// ParseTime reads a timestamp in any format the APIs send. The empty string,
// zero and negative epochs give the zero time, and so do times that RFC 3339
// cannot write (years beyond 9999 in UTC), such as Long.MAX_VALUE sent as
// "never".
func ParseTime(s string) (time.Time, error) {
	t, err := parseAnyTime(s)
	if err != nil || t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, err
	}
	return t, nil
}

func parseAnyTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	// Each parse is tried only on a value of its shape: a failed parse
	// allocates its error, and lists hold thousands of timestamps.
	if !dated(s) {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			if ms <= 0 {
				return time.Time{}, nil
			}
			return time.UnixMilli(ms).UTC(), nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			// A number in exponent form, as some JSON encoders write large values.
			if f <= 0 || f > 1e15 {
				return time.Time{}, nil
			}
			return time.UnixMilli(int64(f)).UTC(), nil
		}
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == 't') {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
		// ISO 8601 with an offset without a colon, as the database job
		// APIs send it (2021-07-12T09:22:04+0800).
		if t, err := time.Parse(isoOffsetLayout, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, layout := range goTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised timestamp %q: want epoch milliseconds, RFC 3339 or %q", s, goTimeLayouts[0])
}

// dated is whether s starts with a date (2025-09-02...), as the formatted
// timestamps do and no number does.
func dated(s string) bool { return len(s) > 4 && s[4] == '-' }

// ID is an identifier that an API may send as a number or as a string. It is
// always a string in Terraform.
type ID struct {
	Text  string
	Valid bool
}

// UnmarshalJSON keeps numbers exactly as written (no float rounding of Long ids).
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, null):
		*id = ID{}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID{Text: s, Valid: true}
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("identifier must be a string or a number, got %s", truncate(b))
		}
		*id = ID{Text: n.String(), Valid: true}
	}
	return nil
}

// String is the identifier, or "" when absent.
func (id ID) String() string { return id.Text }

// Value is the identifier as a Terraform string, or null when absent.
func (id ID) Value() types.String {
	if !id.Valid {
		return types.StringNull()
	}
	return types.StringValue(id.Text)
}

// Int is a whole number that may arrive as a JSON number or a numeric string.
type Int struct {
	Int64 int64
	Valid bool
}

// UnmarshalJSON accepts 3, 3.0, "3" and null.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, null) {
		*n = Int{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			*n = Int{}
			return nil
		}
		b = []byte(strings.TrimSpace(s))
	}
	if v, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		*n = Int{Int64: v, Valid: true}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || f != float64(int64(f)) {
		return fmt.Errorf("want a whole number, got %s", truncate(b))
	}
	*n = Int{Int64: int64(f), Valid: true}
	return nil
}

// Value is the number as a Terraform number, or null when absent.
func (n Int) Value() types.Int64 {
	if !n.Valid {
		return types.Int64Null()
	}
	return types.Int64Value(n.Int64)
}

// Flag is a boolean that an API sends as 0/1, as "0"/"1" or as true/false.
type Flag struct {
	Bool  bool
	Valid bool
}

// UnmarshalJSON accepts 0, 1, "0", "1", true, false and null.
func (f *Flag) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch strings.ToLower(s) {
	case "null", "":
		*f = Flag{}
	case "0", "false":
		*f = Flag{Bool: false, Valid: true}
	case "1", "true":
		*f = Flag{Bool: true, Valid: true}
	default:
		return fmt.Errorf("want 0, 1, true or false, got %s", truncate(b))
	}
	return nil
}

// Value is the flag as a Terraform bool, or null when absent.
func (f Flag) Value() types.Bool {
	if !f.Valid {
		return types.BoolNull()
	}
	return types.BoolValue(f.Bool)
}

// ListID is the deterministic id of a list data source: a digest of its inputs.
func ListID(inputs ...string) string {
	h := sha256.New()
	for _, in := range inputs {
		h.Write([]byte(in))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func truncate(b []byte) string {
	const most = 64
	if len(b) > most {
		return string(b[:most]) + "..."
	}
	return string(b)
}

// Deref is the value p points to, or T's zero value when p is nil: the APIs'
// optional fields as plain values.
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
