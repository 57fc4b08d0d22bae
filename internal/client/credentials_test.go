package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
)

func TestDefaultEndpointsRev2(t *testing.T) {
	tests := []struct {
		region  string
		service Service
		want    string
	}{
		{"eu-west-101", STS, "https://sts.eu-west-101.myhuaweicloud.eu"},
		{"eu-west-102", CSE, "https://cse.eu-west-102.myhuaweicloud.eu"},
		{"eu-west-0", CSE, "https://cse.eu-west-0.myhuaweicloud.com"},
		{"cn-north-4", STS, "https://sts.cn-north-4.myhuaweicloud.com"},
		{"cn-north-4", Metadata, "http://169.254.169.254"},
		{"", Metadata, "http://169.254.169.254"},
	}
	for _, tt := range tests {
		u, err := New(Config{Region: tt.region}).Endpoint(tt.service)
		if err != nil || u.String() != tt.want {
			t.Errorf("%s %s: %v, %v; want %s", tt.region, tt.service, u, err, tt.want)
		}
	}
}

// metadataClient is a client whose only credentials come from the
// emulator's metadata service, both on clk.
func metadataClient(t *testing.T, clk *fakeclock.Clock, handler func(*emulator.Emulator) http.Handler, hops ...AssumeRole) (*Client, *emulator.Emulator) {
	t.Helper()
	e := emulator.New(emulator.Config{Clock: clk.Now})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	var h http.Handler = e
	if handler != nil {
		h = handler(e)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv, func(c *Config) {
		c.AccessKey, c.SecretKey = "", ""
		c.ProjectID = emulator.DefaultProjectID
		c.Sources = Sources{Metadata: true, AssumeRoles: hops}
		c.Now = clk.Now
	})
	return c, e
}

func readJob(c *Client) error {
	return c.Get(context.Background(), Request{Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/engine-a/jobs/1"}, &struct{}{})
}

// Temporary credentials are used while more than 10 minutes of their life
// are left, and renewed before the first request after that.
func TestTemporaryCredentialsRenewedBeforeTheyEnd(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	c, e := metadataClient(t, clk, nil)
	e.SetCredentialOptions(emulator.CredentialOptions{MetadataTTL: time.Hour})
	steps := []struct {
		advance time.Duration
		want    int // metadata calls so far
	}{
		{0, 1},
		{49 * time.Minute, 1}, // 11 minutes left
		{2 * time.Minute, 2},  // 9 minutes left: renewed
		{45 * time.Minute, 2}, // 15 minutes left of the new ones
		{10 * time.Hour, 3},   // long expired
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		if err := readJob(c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if n := len(e.ExchangesOf("metadata")); n != s.want {
			t.Fatalf("step %d: %d metadata calls, want %d", i, n, s.want)
		}
	}
}

// Reads at the same time wait for one exchange and share its credentials.
func TestConcurrentReadsShareOneExchange(t *testing.T) {
	clk := fakeclock.New(time.Now())
	c, e := metadataClient(t, clk, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- readJob(c) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.ExchangesOf("metadata")); n != 1 {
		t.Fatalf("%d metadata calls for 20 concurrent reads, want 1", n)
	}
}

// A 401 with temporary credentials renews them once; a second 401 is the
// read's error, not a loop. Static credentials are never renewed.
func TestRefusedCredentialsRenewedOnce(t *testing.T) {
	refuse := func(e *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/v2/") {
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}`))
				return
			}
			e.ServeHTTP(w, r)
		})
	}
	c, e := metadataClient(t, fakeclock.New(time.Now()), refuse)
	err := readJob(c)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized {
		t.Fatalf("got %v, want the 401", err)
	}
	if n := len(e.ExchangesOf("metadata")); n != 2 {
		t.Fatalf("%d metadata calls, want 2 (the credentials, renewed once)", n)
	}

	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{}); err == nil || requests != 1 {
		t.Fatalf("static credentials: %v after %d requests, want the 401 after 1", err, requests)
	}
}

// The exchanges are retried like GET requests.
func TestCredentialExchangesAreRetried(t *testing.T) {
	clk := fakeclock.New(time.Now())
	c, e := metadataClient(t, clk, nil, AssumeRole{AgencyName: "ops", DomainID: "d1"})
	e.Inject(emulator.Fault{Path: "/openstack/latest/securitykey", Status: http.StatusServiceUnavailable, Times: 2})
	e.Inject(emulator.Fault{Path: "/v5/agencies/assume", Status: http.StatusServiceUnavailable, Times: 1})
	if err := readJob(c); err != nil {
		t.Fatal(err)
	}
	if n, m := e.Count("/openstack/latest/securitykey"), e.Count("/v5/agencies/assume"); n != 3 || m != 2 {
		t.Fatalf("%d metadata attempts, %d STS attempts; want 3 and 2", n, m)
	}
}

// An exchange refused by a gateway that echoes the request's headers shows
// neither the temporary credentials that signed it nor the signature.
func TestRefusedExchangeHidesEchoedCredentials(t *testing.T) {
	var echoed []string
	c, e := metadataClient(t, fakeclock.New(time.Now()), func(e *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v5/agencies/assume" {
				e.ServeHTTP(w, r)
				return
			}
			echoed = append(echoed, r.Header.Get("Authorization"), r.Header.Get("X-Security-Token"))
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error_code":"STS.0403","error_msg":"denied: ` + r.Header.Get("Authorization") + ` / ` + r.Header.Get("X-Security-Token") + `"}`))
		})
	}, AssumeRole{AgencyName: "ops", DomainID: "d1"})
	err := readJob(c)
	summary, detail := Describe(err, "CSE engine job 1")
	if summary != "Credentials Not Obtained" || !strings.Contains(detail, `assuming agency "ops" of domain d1 with STS`) ||
		!strings.Contains(detail, "HTTP 403 Forbidden: STS.0403: denied: SDK-HMAC-SHA256 Access=") {
		t.Fatalf("%s: %s", summary, detail)
	}
	secrets := e.Secrets()
	if len(secrets) == 0 || len(echoed) == 0 {
		t.Fatal("nothing issued or echoed")
	}
	for _, s := range secrets {
		if strings.Contains(detail, s) {
			t.Errorf("the diagnostic shows %q", s)
		}
	}
	if m := regexp.MustCompile(`Signature=([0-9a-f]+)`).FindStringSubmatch(echoed[0]); m == nil || strings.Contains(detail, m[1]) {
		t.Errorf("the signature %v is shown or missing: %s", m, detail)
	}
}

// waitForWaiters blocks until n readers wait for the shared credential
// fetch of c.
func waitForWaiters(t *testing.T, c *Client, n int) {
	t.Helper()
	cache, ok := c.creds.(interface{ Waiting() int })
	if !ok {
		t.Fatalf("the client's credentials (%T) do not say who waits", c.creds)
	}
	for cache.Waiting() < n {
		time.Sleep(time.Millisecond)
	}
}

// expiring is a context whose deadline passes when the test says, so that
// a read's short timeouts.read ends exactly when the test wants.
type expiring struct {
	context.Context
	done chan struct{}
}

func newExpiring() *expiring {
	return &expiring{Context: context.Background(), done: make(chan struct{})}
}

func (e *expiring) Done() <-chan struct{} { return e.done }

func (e *expiring) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// A read whose timeout passes while it waits for the shared credential
// fetch fails alone: the fetch goes on under its own context, and the read
// beside it that shares it gets the credentials (SPEC rev. 3, "Requests").
func TestShortReadDoesNotFailTheSharedFetch(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var fetchCancelled atomic.Bool
	c, e := metadataClient(t, fakeclock.New(time.Now()), func(e *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/openstack/latest/securitykey" {
				once.Do(func() { close(arrived) })
				<-release
				fetchCancelled.Store(r.Context().Err() != nil)
			}
			e.ServeHTTP(w, r)
		})
	})
	short := newExpiring()
	shortErr, longErr := make(chan error, 1), make(chan error, 1)
	go func() {
		shortErr <- c.Get(short, Request{Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/engine-a/jobs/1"}, &struct{}{})
	}()
	<-arrived
	go func() { longErr <- readJob(c) }()
	waitForWaiters(t, c, 2)
	close(short.done) // the short read's timeouts.read passes
	if err := <-shortErr; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the short read: %v, want its own deadline", err)
	}
	close(release)
	if err := <-longErr; err != nil {
		t.Fatalf("the long read sharing the fetch failed: %v", err)
	}
	if fetchCancelled.Load() {
		t.Error("the shared fetch was cancelled with the short read")
	}
	if n := len(e.ExchangesOf("metadata")); n != 1 {
		t.Errorf("%d metadata exchanges, want the 1 shared", n)
	}
}

// The fetch ends when no reader waits for it any more.
func TestAbandonedFetchEnds(t *testing.T) {
	arrived, ended := make(chan struct{}), make(chan error, 1)
	var once sync.Once
	c, _ := metadataClient(t, fakeclock.New(time.Now()), func(e *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/openstack/latest/securitykey" {
				once.Do(func() { close(arrived) })
				<-r.Context().Done()
				ended <- r.Context().Err()
				return
			}
			e.ServeHTTP(w, r)
		})
	})
	ctx, cancel := context.WithCancel(context.Background())
	readErr := make(chan error, 1)
	go func() {
		readErr <- c.Get(ctx, Request{Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/engine-a/jobs/1"}, &struct{}{})
	}()
	<-arrived
	cancel()
	if err := <-readErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("the read: %v, want cancelled", err)
	}
	if err := <-ended; err == nil {
		t.Fatal("the metadata request went on with no reader waiting")
	}
}

// A renewal that fails while the old credentials still work is tried at
// most once a minute (on the client's clock), each time with the client's
// retries, and the old credentials stay in use: 10 reads during a metadata
// 503 window make 1 + max_retries attempts, not 10 times as many.
func TestFailedRenewalTriedOnceAMinute(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	c, e := metadataClient(t, clk, nil)
	e.SetCredentialOptions(emulator.CredentialOptions{MetadataTTL: time.Hour})
	const path = "/openstack/latest/securitykey"
	if err := readJob(c); err != nil {
		t.Fatal(err)
	}
	first := e.ExchangesOf("metadata")[0].Issued
	clk.Advance(51 * time.Minute) // 9 minutes left: due for renewal
	const attempts = 1 + 3        // max_retries of newTestClient
	e.Inject(emulator.Fault{Path: path, Status: http.StatusServiceUnavailable, Times: 2 * attempts})
	var logged bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logged)
	for i := range 10 {
		if err := c.Get(ctx, Request{Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/engine-a/jobs/1"}, &struct{}{}); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	if n := strings.Count(logged.String(), `"@level":"warn","@message":"Renewing the temporary credentials failed; using them until they end, and trying again in a minute"`); n != 1 {
		t.Errorf("%d warnings of the failed renewal, want 1:\n%s", n, logged.String())
	}
	if n := e.Count(path); n != 1+attempts {
		t.Fatalf("%d metadata attempts after 10 reads in the 503 window, want %d (the first fetch, then one renewal)", n, 1+attempts)
	}
	clk.Advance(59 * time.Second)
	if err := readJob(c); err != nil || e.Count(path) != 1+attempts {
		t.Fatalf("59 s later: %v, %d attempts; want no new renewal", err, e.Count(path))
	}
	clk.Advance(time.Second)
	if err := readJob(c); err != nil || e.Count(path) != 1+2*attempts {
		t.Fatalf("a minute after the failure: %v, %d attempts; want one more renewal (%d)", err, e.Count(path), 1+2*attempts)
	}
	clk.Advance(time.Minute)
	if err := readJob(c); err != nil || e.Count(path) != 2+2*attempts {
		t.Fatalf("after the window: %v, %d attempts; want the renewal that succeeds (%d)", err, e.Count(path), 2+2*attempts)
	}
	reqs := e.Requests()
	last := reqs[len(reqs)-1]
	if m := regexp.MustCompile(`Access=([^,\s]+)`).FindStringSubmatch(last.Header.Get("Authorization")); m == nil || m[1] == first {
		t.Fatalf("the last read was signed by %v, want the renewed credentials, not %s", m, first)
	}
}

// Credentials that live under 20 minutes are renewed half-way through
// their life, not on every request.
func TestShortLivedCredentialsRenewedAtHalfLife(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	c, e := metadataClient(t, clk, nil)
	e.SetCredentialOptions(emulator.CredentialOptions{MetadataTTL: 10 * time.Minute})
	steps := []struct {
		advance time.Duration
		want    int // metadata calls so far
	}{
		{0, 1},
		{0, 1},
		{4 * time.Minute, 1},
		{59 * time.Second, 1}, // 4 min 59 s of 10
		{time.Second, 2},      // half-way: renewed
		{4 * time.Minute, 2},
		{time.Minute, 3},
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		if err := readJob(c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if n := len(e.ExchangesOf("metadata")); n != s.want {
			t.Fatalf("step %d: %d metadata calls, want %d", i, n, s.want)
		}
	}
}
