package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

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
