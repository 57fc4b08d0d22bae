package client

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

var fuzzCall = Call{Service: CSE, Method: http.MethodGet, Path: "/v2/p/enginemgr/engines/e/jobs", Status: http.StatusBadRequest, RequestID: "req-1"}

// Any error body becomes an error that names the call and its status,
// never a panic; a body of no known shape is shown cut to maxErrorText
// bytes, and cutting never splits a character.
func FuzzErrorBody(f *testing.F) {
	for _, seed := range []string{
		emulator.ExampleDLFError,
		`{"error_code":"CSE.00400004","error_msg":"Job 1 does not exist","detail":"job_id"}`,
		`{"errorCode":"SVCSTG.00100404","errorMessage":"not found"}`,
		`{"code":"CCE.01404001","message":"Project p does not exist"}`,
		`{"error":{"code":"SVCSTG.00100400","message":"bad"}}`,
		`{"error_code":400,"error_msg":null}`, `{"code":{"nested":true}}`, `{"error":"text"}`, `{"error":{}}`,
		`<html><body>502 Bad Gateway</body></html>`, ``, `null`, `[]`, `"quoted"`,
		strings.Repeat("é", maxErrorText), "\xff\xfe" + strings.Repeat("x", maxErrorText),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e := newAPIError(fuzzCall, body)
		if msg := e.Error(); !strings.HasPrefix(msg, "CSE GET /v2/p/enginemgr/engines/e/jobs: HTTP 400 Bad Request") ||
			!strings.HasSuffix(msg, "(X-Request-Id: req-1)") {
			t.Fatalf("error %q does not name the call, its status and request id", msg)
		}
		if summary, _ := Describe(e, "the jobs"); summary != "API Error" {
			t.Fatalf("summary %q, want API Error", summary)
		}
		if text := strings.TrimSpace(string(body)); !json.Valid(body) && len(text) > maxErrorText {
			// The body is shown as text, cut, with at most a split
			// character's bytes less.
			kept, cut := strings.CutSuffix(e.Message, "…")
			if !cut || !strings.HasPrefix(text, kept) || len(kept) > maxErrorText || len(kept) < maxErrorText-utf8.UTFMax+1 {
				t.Fatalf("a %d-byte body is shown as %d bytes %q, want its first %d bytes or a few less, then …", len(text), len(e.Message), e.Message, maxErrorText)
			}
		}
		if utf8.Valid(body) && !utf8.ValidString(e.Message) {
			t.Fatalf("message %q of a valid UTF-8 body is not valid UTF-8", e.Message)
		}
	})
}

// Whatever code and message an API sends, each of the four error shapes
// gives them back exactly.
func FuzzErrorShapes(f *testing.F) {
	f.Add("DLF.3051", "The request parameter is invalid.")
	f.Add("", "only a message")
	f.Add("only.a.code", "")
	f.Add("APIGW.0301", "Incorrect IAM authentication information: \"quoted\" \\ \n\u2028 é \xff")
	f.Fuzz(func(t *testing.T, code, message string) {
		if code == "" && message == "" {
			return // no error fields at all: the body is shown as text
		}
		shapes := []any{
			map[string]string{"error_code": code, "error_msg": message},
			map[string]string{"errorCode": code, "errorMessage": message},
			map[string]string{"code": code, "message": message},
			map[string]any{"error": map[string]string{"code": code, "message": message}},
		}
		wantCode, wantMessage := jsonRoundTrip(t, code), jsonRoundTrip(t, message)
		for _, shape := range shapes {
			body, err := json.Marshal(shape)
			if err != nil {
				t.Fatal(err)
			}
			if e := newAPIError(fuzzCall, body); e.Code != wantCode || e.Message != wantMessage {
				t.Fatalf("%s gave code %q and message %q, want %q and %q", body, e.Code, e.Message, wantCode, wantMessage)
			}
		}
	})
}

// jsonRoundTrip is s as a JSON decoder reads it back: invalid UTF-8 becomes
// U+FFFD.
func jsonRoundTrip(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
