package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

const (
	testAK      = "AKTESTKEY"
	testSK      = "SK-very-secret-value"
	testProject = "0123456789abcdef0123456789abcdef"
)

// newTestClient points every service at srv with AK/SK credentials and short
// retry waits.
func newTestClient(t *testing.T, srv *httptest.Server, change func(*Config)) *Client {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	endpoints := map[Service]*url.URL{}
	for _, s := range Services {
		endpoints[s] = u
	}
	cfg := Config{
		Region: "cn-north-4", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject,
		Endpoints: endpoints, MaxRetries: 3, Version: "test",
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 40 * time.Millisecond,
	}
	if change != nil {
		change(&cfg)
	}
	return New(cfg)
}

func verified(t *testing.T, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := sign.Verify(r, func(ak string) (string, bool) { return testSK, ak == testAK }); err != nil {
			t.Errorf("signature: %v", err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func TestGetSignsAndSetsHeaders(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(verified(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		fmt.Fprint(w, `{"total":3}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.EnterpriseProjectID = "ep-1"; c.SecurityToken = "temp-token" })

	var out struct{ Total int }
	err := c.Get(context.Background(), Request{
		Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/{engine_id}/jobs",
		PathParams: map[string]string{"engine_id": "a b/c"},
		Query:      url.Values{"limit": {"100"}, "from-time": {"1"}},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Total != 3 {
		t.Fatalf("total = %d", out.Total)
	}
	if want := "/v2/" + testProject + "/enginemgr/engines/a%20b%2Fc/jobs"; got.URL.EscapedPath() != want {
		t.Errorf("path = %s, want %s", got.URL.EscapedPath(), want)
	}
	if got.URL.RawQuery != "from-time=1&limit=100" {
		t.Errorf("query = %s", got.URL.RawQuery)
	}
	for k, want := range map[string]string{
		"User-Agent":              "terraform-provider-hwcjobs/test",
		"Accept":                  "application/json",
		"Content-Type":            "application/json;charset=UTF-8",
		"X-Project-Id":            testProject,
		"X-Enterprise-Project-Id": "ep-1",
		"X-Security-Token":        "temp-token",
	} {
		if v := got.Header.Get(k); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
	auth := got.Header.Get("Authorization")
	if !strings.Contains(auth, "SignedHeaders=accept;user-agent;x-enterprise-project-id;x-project-id;x-sdk-date;x-security-token,") {
		t.Errorf("signed headers: %s", auth)
	}
}

func TestEnterpriseProjectOnlyForCSE(t *testing.T) {
	var header string
	srv := httptest.NewServer(verified(t, func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("X-Enterprise-Project-ID")
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.EnterpriseProjectID = "ep-1" })
	if err := c.Get(context.Background(), Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if header != "" {
		t.Fatalf("DLF got X-Enterprise-Project-ID %q", header)
	}
}

func TestTokenAuth(t *testing.T) {
	var token, auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, auth = r.Header.Get("X-Auth-Token"), r.Header.Get("Authorization")
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.AccessKey, c.SecretKey, c.Token = "", "", "iam-token" })
	if err := c.Get(context.Background(), Request{Service: CCE, Path: "/api/v2/projects/{project_id}/jobs"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if token != "iam-token" || auth != "" {
		t.Fatalf("X-Auth-Token %q, Authorization %q", token, auth)
	}
}

func TestDefaultEndpoints(t *testing.T) {
	tests := []struct {
		region, cloud string
		service       Service
		want          string
	}{
		{"cn-north-4", "", CSE, "https://cse.cn-north-4.myhuaweicloud.com"},
		{"cn-north-4", "", DLF, "https://dayu-dlf.cn-north-4.myhuaweicloud.com"},
		{"eu-west-101", "", CCE, "https://cce.eu-west-101.myhuaweicloud.eu"},
		{"eu-de", "otc.t-systems.com", ServiceStage, "https://servicestage.eu-de.otc.t-systems.com"},
		{"ap-southeast-1", "", IAM, "https://iam.ap-southeast-1.myhuaweicloud.com"},
	}
	for _, tt := range tests {
		c := New(Config{Region: tt.region, Cloud: tt.cloud})
		u, err := c.Endpoint(tt.service)
		if err != nil || u.String() != tt.want {
			t.Errorf("%s %s: %v, %v; want %s", tt.region, tt.service, u, err, tt.want)
		}
	}
	_, err := New(Config{}).Endpoint(CSE)
	var confErr *ConfigError
	if !errors.As(err, &confErr) || confErr.Argument != "region" || !strings.Contains(err.Error(), "endpoints = { cse =") {
		t.Fatalf("no region: %v", err)
	}
}

func TestErrorShapes(t *testing.T) {
	long := strings.Repeat("x", 2000)
	tests := []struct {
		name, body    string
		status        int
		code, message string
		wantInError   string
	}{
		{"error_code", `{"error_code":"DLF.3051","error_msg":"The request parameter is invalid."}`, 400, "DLF.3051", "The request parameter is invalid.", "HTTP 400 Bad Request: DLF.3051: The request parameter is invalid."},
		{"errorCode", `{"errorCode":"SVCSTG.00100400","errorMessage":"Invalid engine","detail":"x"}`, 400, "SVCSTG.00100400", "Invalid engine", "SVCSTG.00100400: Invalid engine"},
		{"code", `{"code":"CCE.01400001","message":"Invalid request"}`, 400, "CCE.01400001", "Invalid request", "CCE.01400001: Invalid request"},
		{"numeric code", `{"code":404,"message":"nothing"}`, 404, "404", "nothing", "404: nothing"},
		{"nested error", `{"error":{"code":"SVCSTG.00100404","message":"Job not found"}}`, 404, "SVCSTG.00100404", "Job not found", "SVCSTG.00100404: Job not found"},
		{"gateway", `{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301","request_id":"r"}`, 401, "APIGW.0301", "Incorrect IAM authentication information", "HTTP 401 Unauthorized"},
		{"not JSON", `<html>Bad Gateway</html>`, 418, "", "<html>Bad Gateway</html>", "<html>Bad Gateway</html>"},
		{"long text is cut", long, 418, "", long[:maxErrorText] + "…", "xxx…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req-42")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/v2/{project_id}/x"}, &struct{}{})
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want *APIError, got %T %v", err, err)
			}
			if apiErr.Status != tt.status || apiErr.Code != tt.code || apiErr.Message != tt.message || apiErr.RequestID != "req-42" {
				t.Fatalf("got %+v", apiErr)
			}
			msg := err.Error()
			for _, want := range []string{"CSE GET /v2/" + testProject + "/x", tt.wantInError, "X-Request-Id: req-42"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	call := Call{Service: CSE, Method: "GET", Path: "/p", Status: 401}
	summary, detail := Describe(&APIError{Call: call, Code: "APIGW.0301"}, "CSE engine job 1")
	if summary != "Credentials Refused" || !strings.Contains(detail, "refused the credentials") {
		t.Errorf("401: %s / %s", summary, detail)
	}
	call.Status = 404
	summary, detail = Describe(&APIError{Call: call}, "CSE engine job 1")
	if summary != "Not Found" || !strings.HasPrefix(detail, "CSE engine job 1 was not found") {
		t.Errorf("404: %s / %s", summary, detail)
	}
	// Only the job's own request says "not found": a 404 of the project
	// lookup or of the gateway (an unknown path) says what it was.
	lookup := fmt.Errorf("looking up the project: %w", &APIError{Call: Call{Service: IAM, Method: "GET", Path: "/v3/projects", Status: 404}})
	summary, detail = Describe(lookup, "CSE engine job 1")
	if summary != "Project Lookup Failed" || strings.Contains(detail, "was not found") || !strings.Contains(detail, "set project_id") {
		t.Errorf("IAM 404: %s / %s", summary, detail)
	}
	summary, detail = Describe(&APIError{Call: call, Code: "APIGW.0101", Message: "The API does not exist"}, "CSE engine job 1")
	if summary != "API Not Found" || strings.Contains(detail, "was not found") || !strings.Contains(detail, "endpoints.cse") {
		t.Errorf("gateway 404: %s / %s", summary, detail)
	}
	summary, _ = Describe(&DecodeError{Call: call, Err: errors.New("unexpected end of JSON input")}, "x")
	if summary != "Invalid API Response" {
		t.Errorf("decode: %s", summary)
	}
}

func TestInvalidJSONIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"total": 3, "data": [{"id": 1`)
	}))
	defer srv.Close()
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: DLF, Path: "/v1/x"}, &map[string]any{})
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) || !strings.Contains(err.Error(), "not valid JSON: unexpected end of JSON input") {
		t.Fatalf("got %T %v", err, err)
	}
}

// checkedBody refuses an answer without a state.
type checkedBody struct{ State string }

func (b *checkedBody) Check() error {
	if b.State == "" {
		return errors.New("the answer has no state")
	}
	return nil
}

// A body whose Check fails is a DecodeError of that request: its status
// and request id, and what Check says.
func TestCheckedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-7")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprint(w, `{"progress": 1}`)
	}))
	defer srv.Close()
	var out checkedBody
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: MRS, Path: "/v2/x"}, &out)
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) ||
		err.Error() != "MRS GET /v2/x: HTTP 202 with valid JSON that is not the answer expected: the answer has no state (X-Request-Id: req-7)" {
		t.Fatalf("got %T %v", err, err)
	}
	if Transient(err) {
		t.Fatal("an unexpected answer is transient")
	}
}

// Valid JSON with a value of the wrong type is not called invalid JSON.
func TestWrongValueIsNotInvalidJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"total": "many"}`)
	}))
	defer srv.Close()
	var out struct{ Total int }
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: DLF, Path: "/v1/x"}, &out)
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) || strings.Contains(err.Error(), "not valid JSON") ||
		!strings.Contains(err.Error(), "HTTP 200 with valid JSON holding a value the provider cannot read: json: cannot unmarshal string") {
		t.Fatalf("got %T %v", err, err)
	}
	if Transient(err) {
		t.Fatal("a wrong value is transient: a later poll would read it the same way")
	}
}

func TestBodyIsBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		w.Write([]byte("["))
		for i := 0; i <= MaxBodyBytes>>20; i++ {
			w.Write(chunk)
		}
		w.Write([]byte("]"))
	}))
	defer srv.Close()
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CCE, Path: "/x"}, &[]any{})
	if err == nil || !strings.Contains(err.Error(), "HTTP 200 with a response too large to read: the response is larger than 32 MiB") {
		t.Fatalf("got %v", err)
	}
}

func TestRetriesUpToMaxRetries(t *testing.T) {
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.WriteHeader(status)
				fmt.Fprint(w, `{"error_code":"X.1","error_msg":"busy"}`)
			}))
			defer srv.Close()
			err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Message != "busy" {
				t.Fatalf("got %T %v", err, err)
			}
			if got := n.Load(); got != 4 {
				t.Fatalf("requests = %d, want 1 + max_retries (3)", got)
			}
		})
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(400)
	}))
	defer srv.Close()
	_ = newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	if n.Load() != 1 {
		t.Fatalf("requests = %d, want 1", n.Load())
	}
}

func TestRetryThenSuccess(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(503)
			return
		}
		fmt.Fprint(w, `{"total":7}`)
	}))
	defer srv.Close()
	var out struct{ Total int }
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Total != 7 || n.Load() != 3 {
		t.Fatalf("total %d after %d requests", out.Total, n.Load())
	}
}

func TestRetryOnConnectionErrors(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			closeConn(w)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 2 {
		t.Fatalf("requests = %d, want 2", n.Load())
	}
}

// cutBody answers with a Content-Length it does not honour: the connection
// closes after half the body.
func cutBody(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(body[:len(body)/2]))
	flush(w)
	closeConn(w)
}

// flush sends what the handler wrote so far.
func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// closeConn closes the connection under a handler without an answer.
func closeConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// A body cut short by the connection after the headers is retried like a
// reset connection, so one such cut costs a retry, not the read.
func TestCutBodyIsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			cutBody(w, `{"total": 7, "data": []}`)
			return
		}
		fmt.Fprint(w, `{"total": 7, "data": []}`)
	}))
	defer srv.Close()
	var out struct{ Total int }
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Total != 7 || n.Load() != 2 {
		t.Fatalf("total %d after %d requests", out.Total, n.Load())
	}
}

// Bodies cut short on every attempt fail after 1 + max_retries attempts,
// with an error that says what happened, and are transient to a wait.
func TestCutBodyEveryTime(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		cutBody(w, `{"total": 7, "data": []}`)
	}))
	defer srv.Close()
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "Request Failed" || !strings.Contains(detail, "the HTTP 200 answer was cut short while its body was read: unexpected EOF") {
		t.Fatalf("got %q: %s", summary, detail)
	}
	if n.Load() != 4 {
		t.Fatalf("attempts = %d, want 1 + max_retries = 4", n.Load())
	}
	if !Transient(err) {
		t.Fatal("a cut body is not transient")
	}
}

// A host that DNS says does not exist is not retried: no retry mends a wrong
// endpoint or region.
func TestUnknownHostIsNotRetried(t *testing.T) {
	var dials atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return nil, &net.DNSError{Err: "no such host", Name: "cse.nowhere.example", IsNotFound: true}
	}}
	c := New(Config{
		Region: "nowhere", Cloud: "example", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject,
		MaxRetries: 3, Transport: transport, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "Unknown Host" || !strings.Contains(detail, "endpoints.cse") {
		t.Fatalf("got %q: %s", summary, detail)
	}
	if dials.Load() != 1 {
		t.Fatalf("dials = %d, want 1", dials.Load())
	}
	if Transient(err) {
		t.Fatal("an unknown host is transient")
	}
}

// Retry-After decides the wait before a retry: in seconds, or as an HTTP
// date read on the client's clock.
func TestRetryAfterDecidesTheBackoff(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	wait := backoff(func() time.Time { return now })
	header := func(v string) *http.Response { return &http.Response{Header: http.Header{"Retry-After": {v}}} }
	if d := wait(time.Millisecond, time.Millisecond, 0, header("1")); d != time.Second {
		t.Errorf("seconds: %s", d)
	}
	if d := wait(time.Millisecond, time.Millisecond, 0, header(now.Add(2*time.Second).Format(http.TimeFormat))); d != 2*time.Second {
		t.Errorf("HTTP date: %s", d)
	}
	if d := wait(time.Millisecond, time.Millisecond, 0, header("soon")); d < time.Millisecond/2 || d > time.Millisecond {
		t.Errorf("unreadable: %s, want the jittered backoff of 0.5 to 1 ms", d)
	}
}

// The retry after a 429 with Retry-After: 1 reaches the server no sooner
// than a second later (a lower bound: a loaded machine only makes it later).
func TestRetryAfterIsHonoured(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		first := len(times) == 1
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 {
		t.Fatalf("requests = %d", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Fatalf("retried after %s, before the second Retry-After asked for", gap)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		want time.Duration
		ok   bool
	}{
		"":                              {0, false},
		"3":                             {3 * time.Second, true},
		"-1":                            {0, false},
		"soon":                          {0, false},
		"Thu, 01 Jan 2026 00:00:10 GMT": {10 * time.Second, true},
		"Wed, 31 Dec 2025 23:59:00 GMT": {0, true},
		"100000":                        {maxRetryAfter, true},
	}
	for in, tt := range tests {
		got, ok := retryAfter(in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: %s %v, want %s %v", in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	for attempt := 0; attempt < 8; attempt++ {
		ceiling := min(time.Second<<attempt, 30*time.Second)
		for i := 0; i < 50; i++ {
			d := jittered(time.Second, 30*time.Second, attempt)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

// A cancelled context ends a backoff sleep at once: the cancel comes after
// the first attempt was answered with Retry-After: 300, and the read returns
// Canceled without a second attempt. Without the interruption the read would
// sleep for 5 minutes, far beyond the bound checked.
func TestCancelInterruptsBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(429)
		flush(w)
		go cancel()
	}))
	defer srv.Close()
	start := time.Now()
	err := newTestClient(t, srv, nil).Get(ctx, Request{Service: CSE, Path: "/x"}, &struct{}{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n.Load() != 1 {
		t.Fatalf("attempts = %d, want 1", n.Load())
	}
	if took := time.Since(start); took > time.Minute {
		t.Fatalf("returned after %s: the backoff was not interrupted", took)
	}
}

func TestProjectDiscoveredOnceUnderConcurrency(t *testing.T) {
	var iam, api atomic.Int32
	srv := httptest.NewServer(verified(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/projects" {
			iam.Add(1)
			if r.URL.Query().Get("name") != "cn-north-4" {
				t.Errorf("IAM query %s", r.URL.RawQuery)
			}
			time.Sleep(50 * time.Millisecond)
			fmt.Fprint(w, `{"projects":[{"id":"other","name":"cn-north-4_sub"},{"id":"discovered","name":"cn-north-4"}]}`)
			return
		}
		api.Add(1)
		if !strings.HasPrefix(r.URL.Path, "/v1/discovered/") || r.Header.Get("X-Project-Id") != "discovered" {
			t.Errorf("request %s with project %q", r.URL.Path, r.Header.Get("X-Project-Id"))
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.ProjectID = "" })
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Get(context.Background(), Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if iam.Load() != 1 || api.Load() != 20 {
		t.Fatalf("IAM asked %d times, API %d times", iam.Load(), api.Load())
	}
}

func TestProjectNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"projects":[]}`)
	}))
	defer srv.Close()
	err := newTestClient(t, srv, func(c *Config) { c.ProjectID = "" }).Get(context.Background(), Request{Service: CSE, Path: "/v2/{project_id}/x"}, &struct{}{})
	var confErr *ConfigError
	if !errors.As(err, &confErr) || confErr.Argument != "project_id" || !strings.Contains(err.Error(), `no project named "cn-north-4"`) {
		t.Fatalf("got %v", err)
	}
}

// A lookup that fails is reported to every reader waiting for it, together:
// twenty readers cost one lookup (1 + max_retries requests), not twenty in
// turn.
func TestFailedProjectLookupIsSharedByWaitingReaders(t *testing.T) {
	var iam atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if iam.Add(1) == 1 {
			<-release // the other readers queue up meanwhile
		}
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.ProjectID = "" })
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	started := make(chan struct{}, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			errs <- c.Get(context.Background(), Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{})
		}()
	}
	for range 20 {
		<-started
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Service != IAM || !strings.Contains(err.Error(), "looking up project") {
			t.Errorf("got %v", err)
		}
	}
	// A reader the scheduler held back until after the failure starts a
	// lookup of its own; readers that each looked up in turn would cost
	// 20 lookups of 1 + max_retries = 4 requests.
	if n := iam.Load(); n%4 != 0 || n > 40 {
		t.Fatalf("IAM asked %d times, want a few lookups of 1 + max_retries = 4 requests, shared", n)
	}
}

// A reader waiting for another's lookup stops waiting when its own context
// ends, at once, while the lookup goes on.
func TestProjectLookupWaitHonoursCancellation(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/projects" {
			close(arrived)
			<-release
			fmt.Fprint(w, `{"projects":[{"id":"p1","name":"cn-north-4"}]}`)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.ProjectID = "" })
	first := make(chan error, 1)
	go func() {
		first <- c.Get(context.Background(), Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{})
	}()
	<-arrived

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan error, 1)
	go func() { second <- c.Get(ctx, Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{}) }()
	cancel()
	select {
	case err := <-second:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the waiting reader got %v, want Canceled while the lookup is still in flight", err)
		}
	case <-time.After(30 * time.Second): // only reached when the bug is back
		t.Fatal("the cancelled reader is still waiting for the lookup")
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if id, err := c.ProjectID(context.Background()); id != "p1" || err != nil {
		t.Fatalf("project %q, %v", id, err)
	}
}

// No secret appears in log output at TRACE, whatever the request does.
func TestLogsMaskSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-7")
		if r.URL.Path == "/fail" {
			w.WriteHeader(503)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	for _, cfg := range []func(*Config){
		func(c *Config) { c.SecurityToken = "security-token-value" },
		func(c *Config) { c.AccessKey, c.SecretKey, c.Token = "", "", "iam-token-value" },
	} {
		c := newTestClient(t, srv, cfg)
		_ = c.Get(ctx, Request{Service: CSE, Path: "/ok"}, &struct{}{})
		_ = c.Get(ctx, Request{Service: CSE, Path: "/fail"}, &struct{}{})
	}
	out := logs.String()
	for _, secret := range []string{testSK, "security-token-value", "iam-token-value", "Signature="} {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains %q", secret)
		}
	}
	for _, want := range []string{`"status":200`, `"request_id":"req-7"`, `"duration_ms"`, "Retrying Huawei Cloud API request", `"Authorization":"***"`, `"X-Auth-Token":"***"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log output lacks %s", want)
		}
	}
}

// A domain id of the credential sources (a KooCLI profile's domainId) goes
// to IAM as X-Domain-Id, signed, as the SDK sends it for global services;
// the other services do not get it.
func TestDomainIDGoesToIAMOnly(t *testing.T) {
	var iamDomain, apiDomain atomic.Value
	srv := httptest.NewServer(verified(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/projects" {
			iamDomain.Store(r.Header.Get("X-Domain-Id"))
			if !strings.Contains(r.Header.Get("Authorization"), "x-domain-id") {
				t.Errorf("X-Domain-Id is not signed: %s", r.Header.Get("Authorization"))
			}
			fmt.Fprint(w, `{"projects":[{"id":"discovered","name":"cn-north-4"}]}`)
			return
		}
		apiDomain.Store(r.Header.Get("X-Domain-Id"))
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.ProjectID, c.Sources.DomainID = "", "d-1" })
	if err := c.Get(context.Background(), Request{Service: DLF, Path: "/v1/{project_id}/jobs"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if iamDomain.Load() != "d-1" || apiDomain.Load() != "" {
		t.Fatalf("X-Domain-Id to IAM %q, to DataArts %q", iamDomain.Load(), apiDomain.Load())
	}
}
