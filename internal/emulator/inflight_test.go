package emulator

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// inFlightIs checks InFlight for a path prefix.
func inFlightIs(t *testing.T, e *Emulator, prefix string, wantNow, wantMost int) {
	t.Helper()
	if now, most := e.InFlight(prefix); now != wantNow || most != wantMost {
		t.Fatalf("in flight under %q: %d now, %d at most; want %d and %d", prefix, now, most, wantNow, wantMost)
	}
}

// Held requests are counted in flight, per path prefix and overall, until
// their answers; the most at once stays until Reset.
func TestInFlightCounts(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("a", 3)
	e.GenerateCSEJobs("b", 3)
	hold := make(chan struct{})
	e.Inject(Fault{Path: "/v2/", Hold: hold})

	var wg sync.WaitGroup
	for _, engine := range []string{"a", "a", "a", "b", "b"} {
		wg.Go(func() {
			if r, err := (call{path: cseListPath(engine)}).do(context.Background(), base); err != nil || r.status != 200 {
				t.Errorf("GET %s: %d, %v", engine, r.status, err)
			}
		})
	}
	if err := e.WaitInFlight(t.Context(), "", 5); err != nil {
		t.Fatal(err)
	}
	inFlightIs(t, e, "", 5, 5)
	inFlightIs(t, e, cseListPath("a"), 3, 3)
	inFlightIs(t, e, cseListPath("b"), 2, 2)
	if n := e.Count(""); n != 0 {
		t.Fatalf("%d requests answered while all were held", n)
	}

	hold <- struct{}{} // one answer, whichever request takes it
	waitCount(t, e, 1)
	inFlightIs(t, e, "", 4, 5)

	close(hold)
	wg.Wait()
	inFlightIs(t, e, "", 0, 5)
	inFlightIs(t, e, cseListPath("a"), 0, 3)
	e.Reset()
	inFlightIs(t, e, "", 0, 0)
}

// waitCount waits until n requests are logged: answered, or given up.
func waitCount(t *testing.T, e *Emulator, n int) {
	t.Helper()
	if err := e.WaitLogged(t.Context(), n); err != nil {
		t.Fatal(err)
	}
}

// A fault with After lets the first requests through and holds the rest.
func TestFaultAfter(t *testing.T) {
	e, base := Start(t, Config{})
	e.GenerateCSEJobs("a", 3)
	hold := make(chan struct{})
	e.Inject(Fault{Path: cseListPath("a"), Hold: hold, After: 2})
	for range 2 {
		wantStatus(t, call{path: cseListPath("a")}.get(t, base), 200)
	}
	done := make(chan response)
	go func() { done <- call{path: cseListPath("a")}.get(t, base) }()
	if err := e.WaitInFlight(t.Context(), "", 1); err != nil {
		t.Fatal(err)
	}
	close(hold)
	wantStatus(t, <-done, 200)
	inFlightIs(t, e, "", 0, 1)
}

// Latency delays every answer, and a client that goes away meanwhile ends
// the wait at once: the request is logged 499 and leaves flight.
func TestLatency(t *testing.T) {
	e, base := Start(t, Config{Latency: time.Hour})
	e.GenerateCSEJobs("a", 3)
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error)
	go func() {
		_, err := call{path: cseListPath("a")}.do(ctx, base)
		errc <- err
	}()
	if err := e.WaitInFlight(t.Context(), cseListPath("a"), 1); err != nil {
		t.Fatal(err)
	}
	if n := e.Count(""); n != 0 {
		t.Fatalf("%d requests answered during the latency", n)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the client's cancellation", err)
	}
	waitCount(t, e, 1)
	if r := e.Requests(); len(r) != 1 || r[0].Status != 499 {
		t.Fatalf("logged %+v, want one request with 499", r)
	}
	inFlightIs(t, e, "", 0, 1)

	e2, base2 := Start(t, Config{Latency: time.Millisecond})
	e2.GenerateCSEJobs("a", 3)
	wantStatus(t, call{path: cseListPath("a")}.get(t, base2), 200)
}
