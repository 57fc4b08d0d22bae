package emulator

import (
	"math/rand/v2"
	"net/http"
	"strings"
)

// Chaos answers a share of requests, chosen at random, with a transient
// fault: 429, 500, 502, 503 or 504, a connection reset before the answer, or
// a body cut short. Scripted faults (Inject) come first.
type Chaos struct {
	Path  string  // prefix of the URL paths it applies to; "" = every path
	Share float64 // the share of requests that get a fault, 0 to 1
	Seed  uint64  // seeds the random choices
	// MaxInARow bounds the faults one request (method, path, query and
	// workspace) gets in a row, so that a client that retries at least as
	// many times always gets its answer; 0 = unbounded.
	MaxInARow int
}

type chaosState struct {
	Chaos
	rng    *rand.Rand
	inARow map[string]int
}

// chaosFaults are the transient faults Chaos chooses from.
var chaosFaults = []Fault{
	{Status: http.StatusTooManyRequests},
	{Status: http.StatusInternalServerError},
	{Status: http.StatusBadGateway},
	{Status: http.StatusServiceUnavailable},
	{Status: http.StatusGatewayTimeout},
	{Reset: true},
	{CutShort: true},
}

// InjectChaos makes a share of requests fail transiently, replacing any
// earlier Chaos; ClearFaults removes it.
func (e *Emulator) InjectChaos(c Chaos) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.chaos = &chaosState{Chaos: c, rng: rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15)), inARow: map[string]int{}}
}

// chaosFault is the fault Chaos gives r, or nil.
func (e *Emulator) chaosFault(r *http.Request) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.chaos
	if c == nil || !strings.HasPrefix(r.URL.Path, c.Path) {
		return nil
	}
	key := r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + " workspace=" + r.Header.Get("workspace")
	if (c.MaxInARow > 0 && c.inARow[key] >= c.MaxInARow) || c.rng.Float64() >= c.Share {
		delete(c.inARow, key)
		return nil
	}
	c.inARow[key]++
	f := chaosFaults[c.rng.IntN(len(chaosFaults))]
	return &f
}
