package credentials

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Flight shares one call among concurrent callers (singleflight), under
// the one cancellation rule of the provider's shared fetches, the
// credentials and the project lookup alike: the call runs under a context
// of its own, which keeps the values (the logger) of the caller that
// started it but not its deadline or cancellation, so that one read's short
// timeout or Ctrl-C does not fail the others waiting on it. The call ends
// when the Flight's base context ends (the provider stops) or when no
// caller waits for it any more; each caller waits no longer than its own
// context allows.
type Flight struct {
	base  context.Context
	group singleflight.Group

	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	ctx     context.Context
	cancel  context.CancelFunc
	waiters int
}

// maxJoins bounds how many abandoned calls one caller joins before it takes
// their error as its own.
const maxJoins = 3

// NewFlight is a Flight whose calls end when base does.
func NewFlight(base context.Context) *Flight {
	return &Flight{base: base, calls: map[string]*flightCall{}}
}

// Do runs fn once for the callers that ask for key at the same time and
// gives each its result.
func (f *Flight) Do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	for attempt := 1; ; attempt++ {
		f.mu.Lock()
		c := f.calls[key]
		if c == nil {
			cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
			stop := context.AfterFunc(f.base, cancel)
			c = &flightCall{ctx: cctx, cancel: func() { stop(); cancel() }}
			f.calls[key] = c
		}
		c.waiters++
		// DoChan runs fn in a goroutine of its own, which takes f.mu only
		// when fn returns.
		ch := f.group.DoChan(key, func() (any, error) {
			defer f.end(key, c)
			return fn(c.ctx)
		})
		f.mu.Unlock()
		select {
		case r := <-ch:
			f.leave(key, c)
			if r.Err != nil && ctx.Err() == nil && f.base.Err() == nil && errors.Is(r.Err, context.Canceled) && attempt < maxJoins {
				// The call was abandoned by every caller before this one
				// joined it; start another.
				continue
			}
			return r.Val, r.Err
		case <-ctx.Done():
			f.leave(key, c)
			return nil, ctx.Err()
		}
	}
}

// end forgets a call that returned.
func (f *Flight) end(key string, c *flightCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls[key] == c {
		delete(f.calls, key)
	}
	c.cancel()
}

// leave counts a caller out; the last one out cancels the call, and new
// callers start a fresh one rather than join it.
func (f *Flight) leave(key string, c *flightCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.waiters--
	if c.waiters > 0 {
		return
	}
	c.cancel()
	if f.calls[key] == c {
		delete(f.calls, key)
		f.group.Forget(key)
	}
}

// Waiting is how many callers wait for the call of key in flight; tests
// use it to know that readers share one call before they end one.
func (f *Flight) Waiting(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.calls[key]; c != nil {
		return c.waiters
	}
	return 0
}
