package convert

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzJSONValues decodes any JSON value as each flexible type, the way a
// response decoder meets it, and checks what the attributes promise. It
// complements FuzzParseTime, which fuzzes the timestamp text alone: here
// the JSON layer (quotes, escapes, null, numbers) is in the way, and a time
// must come out exactly in the form FormatTime writes.
func FuzzJSONValues(f *testing.F) {
	for _, seed := range []string{
		`1636540095901`, `"1636540095901"`, `"2025-09-02 10:23:38.987955 +0000 UTC"`, `"2024-06-06T15:55:31.36Z"`,
		`"2024-06-06T23:55:31.36+08:00"`, `"9999-12-31T23:00:00-02:00"`, `253402300800000`, `1.6365400959e12`, `1e400`,
		`-1`, `0`, `null`, `""`, `"  "`, `"12339"`, `12339`, `12345678901234567890`, `1.5`, `3.0`, `"3"`, `" 3 "`,
		`true`, `false`, `"1"`, `"TRUE"`, `{}`, `[]`, `"\u0031\u0032"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ts Time
		if json.Unmarshal(b, &ts) == nil {
			if v := ts.Value(); !v.IsNull() {
				parsed, err := time.Parse(time.RFC3339Nano, v.ValueString())
				if err != nil || !parsed.Equal(ts.Time) || FormatTime(parsed) != v.ValueString() || !strings.HasSuffix(v.ValueString(), "Z") {
					t.Fatalf("%s: time %q is not RFC 3339 in UTC as FormatTime writes it (%v)", b, v.ValueString(), err)
				}
			}
		}

		var id ID
		if json.Unmarshal(b, &id) == nil && id.Valid {
			// A string id is kept as sent, a number digit for digit.
			var s string
			if json.Unmarshal(b, &s) == nil && id.Text != s {
				t.Fatalf("%s: id %q, want the string %q", b, id.Text, s)
			}
			if json.Unmarshal(b, &s) != nil && id.Text != strings.TrimSpace(string(b)) {
				t.Fatalf("%s: id %q, want the number as written", b, id.Text)
			}
		}

		var n Int
		if json.Unmarshal(b, &n) == nil && n.Valid != !n.Value().IsNull() {
			t.Fatalf("%s: valid %t but value %s", b, n.Valid, n.Value())
		}

		var flag Flag
		if json.Unmarshal(b, &flag) == nil && flag.Valid {
			text := strings.ToLower(strings.Trim(strings.TrimSpace(string(b)), `"`))
			if want, _ := strconv.ParseBool(text); flag.Bool != want {
				t.Fatalf("%s: flag %t, want %t", b, flag.Bool, want)
			}
		}
	})
}
