package emulator

import (
	"context"
	"net/http"
	"strings"
)

// inFlight counts the requests being served: every arrival and departure
// since the last Reset, in order, so that the most at once can be told for
// any path prefix afterwards. It is guarded by Emulator.mu.
type inFlight struct {
	live    map[string]int // path -> requests being served now
	events  []flightEvent  // since the last Reset, oldest first
	changed chan struct{}  // closed at the next event
}

// flightEvent is one request arriving (+1) or leaving (-1).
type flightEvent struct {
	path  string
	delta int
}

// flightKey keys the *bool in a request's context that says whether it has
// left flight already.
type flightKey struct{}

func (f *inFlight) add(path string, delta int) {
	if f.live == nil {
		f.live = map[string]int{}
	}
	f.live[path] += delta
	if f.live[path] == 0 {
		delete(f.live, path)
	}
	f.events = append(f.events, flightEvent{path, delta})
	if f.changed != nil {
		close(f.changed)
		f.changed = nil
	}
}

// reset forgets the past but not the requests still being served.
func (f *inFlight) reset() {
	f.events = f.events[:0:0]
	for path, n := range f.live {
		f.events = append(f.events, flightEvent{path, n})
	}
}

// count is the requests under pathPrefix in flight now, and the most at once.
func (f *inFlight) count(pathPrefix string) (now, most int) {
	for _, ev := range f.events {
		if strings.HasPrefix(ev.path, pathPrefix) {
			now += ev.delta
			most = max(most, now)
		}
	}
	return now, most
}

// arrive counts r in flight until land.
func (e *Emulator) arrive(r *http.Request) *http.Request {
	e.mu.Lock()
	e.flight.add(r.URL.Path, 1)
	e.mu.Unlock()
	return r.WithContext(context.WithValue(r.Context(), flightKey{}, new(bool)))
}

// landLocked takes r out of flight, once; e.mu is held.
func (e *Emulator) landLocked(r *http.Request) {
	if landed, ok := r.Context().Value(flightKey{}).(*bool); ok && !*landed {
		*landed = true
		e.flight.add(r.URL.Path, -1)
	}
}

// land takes r out of flight if its answer did not already.
func (e *Emulator) land(r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.landLocked(r)
}

// InFlight is the number of requests whose path starts with pathPrefix ("":
// all) that are being served now, and the most that were at once since the
// last Reset. A request is in flight from its arrival until its answer is
// about to be written (or its client went away), so a client that has an
// answer never finds that request still counted.
func (e *Emulator) InFlight(pathPrefix string) (now, most int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flight.count(pathPrefix)
}

// WaitInFlight waits until n requests under pathPrefix are in flight at once
// (see InFlight), or ctx ends.
func (e *Emulator) WaitInFlight(ctx context.Context, pathPrefix string, n int) error {
	return e.waitFlight(ctx, func() bool {
		now, _ := e.flight.count(pathPrefix)
		return now >= n
	})
}

// waitFlight waits until done, called with e.mu held, is true; it is
// checked again whenever a request arrives or leaves.
func (e *Emulator) waitFlight(ctx context.Context, done func() bool) error {
	for {
		e.mu.Lock()
		if done() {
			e.mu.Unlock()
			return nil
		}
		if e.flight.changed == nil {
			e.flight.changed = make(chan struct{})
		}
		changed := e.flight.changed
		e.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitLogged waits until n requests are in the request log (see Requests),
// or ctx ends: the answers a client gave up on are logged when the emulator
// notices, after the client has moved on.
func (e *Emulator) WaitLogged(ctx context.Context, n int) error {
	return e.waitFlight(ctx, func() bool { return len(e.log) >= n })
}
