package emulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"testing"
)

// A body cut short keeps its full Content-Length and loses its second half,
// so the client sees an unexpected EOF, and the log says it was cut.
func TestCutShortFault(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("eng", 1)
	e.Inject(Fault{CutShort: true, Times: 1})
	_, err := call{path: cseJobPath("eng", "1"), client: &http.Client{}}.do(context.Background(), base)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v, want an unexpected EOF", err)
	}
	r := call{path: cseJobPath("eng", "1")}.get(t, base)
	wantStatus(t, r, http.StatusOK)
	log := e.Requests()
	if len(log) != 2 || !log[0].CutShort || log[0].Status != http.StatusOK || log[1].CutShort {
		t.Fatalf("log %+v", log)
	}
}

// Chaos with a share of 1 faults every request, but never more than
// MaxInARow times in a row for one request; ClearFaults ends it.
func TestChaosBoundsFaultsInARow(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("eng", 2)
	e.InjectChaos(Chaos{Share: 1, Seed: 1, MaxInARow: 2})
	get := func(id string) bool {
		r, err := call{path: cseJobPath("eng", id), client: &http.Client{}}.do(context.Background(), base)
		return err == nil && r.status == http.StatusOK
	}
	var got []bool
	for range 3 {
		got = append(got, get("1"))
	}
	got = append(got, get("2"))
	if want := []bool{false, false, true, false}; !slices.Equal(got, want) {
		t.Fatalf("answers ok %v, want %v", got, want)
	}
	e.ClearFaults()
	if !get("2") {
		t.Fatal("a fault after ClearFaults")
	}
}
