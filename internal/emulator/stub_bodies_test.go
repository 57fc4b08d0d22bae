package emulator

import (
	"net/url"
	"testing"
)

// A stub with Bodies answers them in turn, the last one again and again,
// counting only the requests it matches.
func TestStubBodiesInTurn(t *testing.T) {
	e, base := Start(t, Config{})
	e.Stub(Stub{Path: "/custom", Bodies: []string{`{"n":1}`, `{"n":2}`, `<html>`}})
	e.Stub(Stub{Path: "/custom", Query: map[string]string{"other": "1"}, Body: `{"other":true}`})
	other := call{path: "/custom", query: url.Values{"other": {"1"}}}
	for i, want := range []string{`{"n":1}`, `{"n":2}`, `<html>`, `<html>`} {
		if r := other.get(t, base); r.body != `{"other":true}` {
			t.Fatalf("the other stub answered %s", r.body)
		}
		if r := (call{path: "/custom"}).get(t, base); r.status != 200 || r.body != want {
			t.Fatalf("request %d: %d %s, want %s", i+1, r.status, r.body, want)
		}
	}
	// Adding it again starts over.
	e.Stub(Stub{Path: "/custom", Bodies: []string{`{"n":1}`, `{"n":2}`}})
	if r := (call{path: "/custom"}).get(t, base); r.body != `{"n":1}` {
		t.Fatalf("after re-adding: %s", r.body)
	}
}
