package credentials

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
)

// iamStub answers the password token request as IAM's example does, with
// a token that lives ttl on clk, and counts the requests.
type iamStub struct {
	clk *fakeclock.Clock
	ttl time.Duration

	mu       sync.Mutex
	requests []Request
	fail     error
}

func (s *iamStub) Endpoint(string) (*url.URL, error) { return url.Parse("https://iam.example.com") }

func (s *iamStub) Exchange(_ context.Context, r Request) (*Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	if s.fail != nil {
		return nil, s.fail
	}
	n := len(s.requests)
	expires := s.clk.Now().Add(s.ttl).UTC().Format("2006-01-02T15:04:05.000000Z")
	return &Answer{Status: http.StatusCreated, Header: http.Header{"X-Subject-Token": {fmt.Sprintf("MIIToken-%d", n)}},
		Body: []byte(`{"token":{"expires_at":"` + expires + `","methods":["password"]}}`)}, nil
}

func (s *iamStub) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Password authentication asks IAM for a token scoped to the project, uses
// it until 10 minutes before the expires_at of the answer, then renews it.
func TestPasswordTokenRequestAndRenewal(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	stub := &iamStub{clk: clk, ttl: 24 * time.Hour}
	cc := New(context.Background(), Config{Now: clk.Now, Password: &Password{UserName: "alice", Password: "pw-1",
		DomainName: "acme", ProjectName: "cn-north-4", Source: "the provider block"}}, stub)
	got, err := cc.Credentials(context.Background())
	if err != nil || got.Token != "MIIToken-1" || got.AccessKey != "" || !got.Expires.Equal(clk.Now().Add(24*time.Hour)) {
		t.Fatalf("%+v, %v", got, err)
	}
	r := stub.requests[0]
	body, _ := json.Marshal(r.Body)
	want := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"name":"acme"},"name":"alice","password":"pw-1"}}},` +
		`"scope":{"project":{"name":"cn-north-4"}}}}`
	if r.Service != IAM || r.Method != http.MethodPost || r.Path != "/v3/auth/tokens" || string(body) != want || r.Credentials != nil {
		t.Fatalf("request %s %s %s %s, want POST iam /v3/auth/tokens %s unsigned", r.Method, r.Service, r.Path, body, want)
	}
	clk.Advance(23*time.Hour + 49*time.Minute) // 11 minutes left
	if got, _ := cc.Credentials(context.Background()); got.Token != "MIIToken-1" || stub.count() != 1 {
		t.Fatalf("11 minutes before the end: %s after %d requests, want the first token", got.Token, stub.count())
	}
	clk.Advance(2 * time.Minute)
	if got, _ := cc.Credentials(context.Background()); got.Token != "MIIToken-2" || stub.count() != 2 {
		t.Fatalf("9 minutes before the end: %s after %d requests, want a renewed token", got.Token, stub.count())
	}
	for _, s := range []string{"pw-1", "MIIToken-1", "MIIToken-2"} {
		if cc.Redact("x "+s+" y") != "x *** y" {
			t.Errorf("%q is not hidden", s)
		}
	}
}

// A user by id needs no domain; a domain by id; a project by id.
func TestPasswordUserAndScope(t *testing.T) {
	for _, tt := range []struct {
		p    Password
		want string
	}{
		{Password{UserID: "u-1", Password: "p", ProjectID: "p-1"},
			`{"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"u-1","password":"p"}}},"scope":{"project":{"id":"p-1"}}}}`},
		{Password{UserName: "alice", Password: "p", DomainID: "d-1", ProjectName: "cn-north-4_dev"},
			`{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"id":"d-1"},"name":"alice","password":"p"}}},"scope":{"project":{"name":"cn-north-4_dev"}}}}`},
	} {
		stub := &iamStub{clk: fakeclock.New(time.Now()), ttl: time.Hour}
		p := tt.p
		if _, err := New(context.Background(), Config{Password: &p}, stub).Credentials(context.Background()); err != nil {
			t.Fatal(err)
		}
		if body, _ := json.Marshal(stub.requests[0].Body); string(body) != tt.want {
			t.Errorf("body %s, want %s", body, tt.want)
		}
	}
}

// The shared fetch ends when the base context ends (the provider stops),
// though its caller still waits.
func TestFlightEndsWithBase(t *testing.T) {
	base, stop := context.WithCancel(context.Background())
	f := NewFlight(base)
	started := make(chan struct{})
	res := make(chan error, 1)
	go func() {
		_, err := f.Do(context.Background(), "k", func(ctx context.Context) (any, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		})
		res <- err
	}()
	<-started
	stop()
	if err := <-res; !errors.Is(err, context.Canceled) {
		t.Fatalf("%v, want the call cancelled with the provider", err)
	}
}

// Callers that ask at the same time share one call; a caller that leaves
// does not end it for the others; the last to leave does.
func TestFlightSharesAndOutlivesCallers(t *testing.T) {
	f := NewFlight(context.Background())
	calls := 0
	release, started := make(chan struct{}), make(chan struct{})
	fn := func(ctx context.Context) (any, error) {
		calls++
		close(started)
		select {
		case <-release:
			return "value", nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	leaving, leavingCancel := context.WithCancel(context.Background())
	first, second := make(chan error, 1), make(chan any, 1)
	go func() { _, err := f.Do(leaving, "k", fn); first <- err }()
	<-started
	go func() { v, _ := f.Do(context.Background(), "k", fn); second <- v }()
	for f.Waiting("k") < 2 {
		time.Sleep(time.Millisecond)
	}
	leavingCancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller that left: %v", err)
	}
	if n := f.Waiting("k"); n != 1 {
		t.Fatalf("%d waiting after one left, want 1", n)
	}
	close(release)
	if v := <-second; v != "value" || calls != 1 {
		t.Fatalf("%v after %d calls, want the one call's value", v, calls)
	}
}

// A call that every caller left is not joined by the next caller, which
// starts a fresh one.
func TestFlightAbandonedCallNotJoined(t *testing.T) {
	f := NewFlight(context.Background())
	var calls atomic.Int32
	started, ended := make(chan struct{}), make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() {
		_, err := f.Do(ctx, "k", func(c context.Context) (any, error) {
			calls.Add(1)
			close(started)
			<-c.Done()
			<-ended // the abandoned call lingers while the next caller comes
			return nil, c.Err()
		})
		res <- err
	}()
	<-started
	cancel()
	if err := <-res; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller that left: %v", err)
	}
	v, err := f.Do(context.Background(), "k", func(context.Context) (any, error) { calls.Add(1); return "fresh", nil })
	close(ended)
	if v != "fresh" || err != nil || calls.Load() != 2 {
		t.Fatalf("%v, %v after %d calls; want a fresh call's value", v, err, calls.Load())
	}
}
