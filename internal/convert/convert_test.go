package convert

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every timestamp format the API pages show, and the edge cases of SPEC.md.
func TestTime(t *testing.T) {
	tests := []struct {
		name, json string
		want       types.String
	}{
		{"CSE epoch milliseconds", `1636540095901`, types.StringValue("2021-11-10T10:28:15.901Z")},
		{"trailing zeros dropped", `1636540460230`, types.StringValue("2021-11-10T10:34:20.23Z")},
		{"whole second", `1680783636000`, types.StringValue("2023-04-06T12:20:36Z")},
		{"numeric string", `"1636540095901"`, types.StringValue("2021-11-10T10:28:15.901Z")},
		{"exponent form", `1.636540095901e12`, types.StringValue("2021-11-10T10:28:15.901Z")},
		{"CCE Go time string", `"2025-09-02 10:23:38.987955 +0000 UTC"`, types.StringValue("2025-09-02T10:23:38.987955Z")},
		{"Go time string in another zone", `"2025-09-02 12:23:38 +0200 CEST"`, types.StringValue("2025-09-02T10:23:38Z")},
		{"ServiceStage RFC 3339", `"2024-06-06T15:55:31.36Z"`, types.StringValue("2024-06-06T15:55:31.36Z")},
		{"RFC 3339 with offset", `"2024-06-06T17:55:31.115+02:00"`, types.StringValue("2024-06-06T15:55:31.115Z")},
		{"ISO 8601 offset without a colon (RDS)", `"2021-07-12T09:22:04+0800"`, types.StringValue("2021-07-12T01:22:04Z")},
		{"ISO 8601 UTC offset without a colon (DDS)", `"2021-07-12T10:10:13+0000"`, types.StringValue("2021-07-12T10:10:13Z")},
		{"zero", `0`, types.StringNull()},
		{"negative", `-1`, types.StringNull()},
		{"empty string", `""`, types.StringNull()},
		{"null", `null`, types.StringNull()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Time
			if err := json.Unmarshal([]byte(tt.json), &got); err != nil {
				t.Fatal(err)
			}
			if !got.Value().Equal(tt.want) {
				t.Fatalf("got %s, want %s", got.Value(), tt.want)
			}
		})
	}
	var absent struct{ T Time }
	if err := json.Unmarshal([]byte(`{}`), &absent); err != nil || !absent.T.Value().IsNull() {
		t.Fatalf("absent time: %v, %s", err, absent.T.Value())
	}
	// Any other value is null and kept as Unknown, never an error: an odd
	// timestamp must not stop a read.
	for bad, unknown := range map[string]string{`"yesterday"`: "yesterday", `"2025-13-40"`: "2025-13-40", `true`: "true", `{}`: "{}"} {
		var got Time
		if err := json.Unmarshal([]byte(bad), &got); err != nil || !got.Value().IsNull() || got.Unknown != unknown {
			t.Errorf("%s: %v, %s, Unknown %q", bad, err, got.Value(), got.Unknown)
		}
	}
}

// Odd timestamps are found at any depth, named by attribute, and reported in
// one warning per read.
func TestOddTimes(t *testing.T) {
	type task struct {
		CreateTime Time `json:"createTime" attr:"created_at"`
		StartTime  Time `json:"startTime"`
	}
	type job struct {
		EndTime Time     `json:"endTime"`
		Tasks   []task   `json:"tasks"`
		Parent  *job     `json:"parent"`
		Labels  []string `json:"labels"`
	}
	var jobs []job
	body := `[{"endTime": "tomorrow", "tasks": [{"createTime": "earlier", "startTime": 1636540095901}, {"createTime": "later"}]},
	          {"endTime": 1636540095901, "parent": {"endTime": "never"}}]`
	if err := json.Unmarshal([]byte(body), &jobs); err != nil {
		t.Fatal(err)
	}
	want := []OddTime{{"end_time", "tomorrow"}, {"created_at", "earlier"}, {"created_at", "later"}, {"end_time", "never"}}
	if got := OddTimes(&jobs); !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	var diags diag.Diagnostics
	WarnOddTimes(&diags, jobs)
	if len(diags) != 1 || diags.HasError() {
		t.Fatalf("diagnostics %v", diags)
	}
	detail := diags[0].Detail()
	for _, part := range []string{`- end_time = "tomorrow" (and 1 more)`, `- created_at = "earlier" (and 1 more)`} {
		if !strings.Contains(detail, part) {
			t.Errorf("the warning lacks %q:\n%s", part, detail)
		}
	}
	diags = nil
	WarnOddTimes(&diags, []task{{}})
	if len(diags) != 0 {
		t.Fatalf("a warning without odd times: %v", diags)
	}
}

func TestID(t *testing.T) {
	tests := map[string]types.String{
		`12339`:            types.StringValue("12339"),
		`9007199254740993`: types.StringValue("9007199254740993"), // a Long beyond float64 precision
		`"JOB17cb1778"`:    types.StringValue("JOB17cb1778"),
		`""`:               types.StringValue(""),
		`null`:             types.StringNull(),
	}
	for in, want := range tests {
		var got ID
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !got.Value().Equal(want) {
			t.Errorf("%s: got %s, want %s", in, got.Value(), want)
		}
	}
	var bad ID
	if err := json.Unmarshal([]byte(`[1]`), &bad); err == nil {
		t.Error("an array id was accepted")
	}
}

func TestInt(t *testing.T) {
	tests := map[string]types.Int64{
		`-1`:    types.Int64Value(-1),
		`6000`:  types.Int64Value(6000),
		`"100"`: types.Int64Value(100),
		`2.0`:   types.Int64Value(2),
		`null`:  types.Int64Null(),
		`""`:    types.Int64Null(),
	}
	for in, want := range tests {
		var got Int
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !got.Value().Equal(want) {
			t.Errorf("%s: got %s, want %s", in, got.Value(), want)
		}
	}
	for _, bad := range []string{`2.5`, `"x"`, `true`} {
		var got Int
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted as %d", bad, got.Int64)
		}
	}
}

func TestFlag(t *testing.T) {
	tests := map[string]types.Bool{
		`0`: types.BoolValue(false), `1`: types.BoolValue(true), `"1"`: types.BoolValue(true),
		`true`: types.BoolValue(true), `false`: types.BoolValue(false), `null`: types.BoolNull(),
	}
	for in, want := range tests {
		var got Flag
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !got.Value().Equal(want) {
			t.Errorf("%s: got %s, want %s", in, got.Value(), want)
		}
	}
	var bad Flag
	if err := json.Unmarshal([]byte(`2`), &bad); err == nil {
		t.Error("2 accepted as a flag")
	}
}

func TestListID(t *testing.T) {
	first, again := ListID("a", "b"), ListID("a", "b")
	if first != again {
		t.Fatal("not deterministic")
	}
	if ListID("a", "b") == ListID("ab", "") || ListID("a", "b") == ListID("b", "a") {
		t.Fatal("different inputs share an id")
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1636540095901", "2025-09-02 10:23:38.987955 +0000 UTC", "2024-06-06T15:55:31.36Z", "-1", "", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err == nil && !got.IsZero() {
			if _, perr := ParseTime(FormatTime(got)); perr != nil {
				t.Fatalf("formatted time %q does not parse back: %v", FormatTime(got), perr)
			}
		}
	})
}
