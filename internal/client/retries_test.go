package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// measured matches a measured time in an error's text.
const measured = `[0-9.]+m?s`

// wantText checks a text against a pattern in which "(time)" stands for a
// measured time and everything else is literal.
func wantText(t *testing.T, what, got, pattern string) {
	t.Helper()
	parts := strings.Split(pattern, "(time)")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	if !regexp.MustCompile("^" + strings.Join(parts, measured) + "$").MatchString(got) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, pattern)
	}
}

// An endpoint that accepts requests and never answers is tried twice, not
// 1 + max_retries times: each attempt costs a whole answer timeout.
func TestHungEndpointIsTriedTwice(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries, cfg.AnswerTimeout = 5, 50*time.Millisecond })
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	if got := n.Load(); got != 2 {
		t.Fatalf("attempts = %d, want 2 whatever max_retries (5)", got)
	}
	summary, detail := Describe(err, "the jobs")
	if summary != "Request Timed Out" {
		t.Fatalf("summary %q", summary)
	}
	wantText(t, "detail", detail, "Reading the jobs failed: the CSE endpoint gave no answer in time. An attempt without an answer is retried once, "+
		"whatever max_retries; timeouts.read bounds the whole read. Check endpoints.cse and the network.\n\n"+
		"CSE GET /x: gave up after 2 attempts over (time), 2 of them without an answer (an attempt without an answer is retried once, whatever max_retries); "+
		`the last one got: Get "`+srv.URL+`/x": no answer within 50ms`)
	if !Transient(err) {
		t.Error("a hung endpoint is not transient to a wait")
	}
}

// The answer timeout bounds the time without a byte, not the whole answer:
// a body that keeps coming, slower in all than the timeout, is read whole.
func TestSlowBodyStreams(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte(`{"total": 7, "data": [`))
		for i := range 8 {
			flush(w)
			time.Sleep(25 * time.Millisecond)
			fmt.Fprintf(w, "%s%d", map[bool]string{true: ",", false: ""}[i > 0], i)
		}
		w.Write([]byte(`]}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(cfg *Config) { cfg.AnswerTimeout = 100 * time.Millisecond })
	var out struct {
		Total int
		Data  []int
	}
	if err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Total != 7 || len(out.Data) != 8 || n.Load() != 1 {
		t.Fatalf("total %d, %d records after %d attempts", out.Total, len(out.Data), n.Load())
	}
}

// A body that stops coming is an attempt without an answer: tried twice.
func TestStalledBodyIsTriedTwice(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte(`{"total": 1, "data": [`))
		flush(w)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries, cfg.AnswerTimeout = 3, 50*time.Millisecond })
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	if got := n.Load(); got != 2 {
		t.Fatalf("attempts = %d, want 2", got)
	}
	wantText(t, "error", err.Error(), "CSE GET /x: gave up after 2 attempts over (time), 2 of them without an answer "+
		"(an attempt without an answer is retried once, whatever max_retries); the last one got: "+
		`Get "`+srv.URL+`/x": the HTTP 200 answer was cut short while its body was read: no byte of the body within 50ms`)
}

// A refused connection is retried up to max_retries, and the error says so.
func TestRefusedConnectionUpToMaxRetries(t *testing.T) {
	var dials atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}}
	u, _ := url.Parse("http://127.0.0.1:9")
	c := New(Config{
		Region: "cn-north-4", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject, Endpoints: map[Service]*url.URL{CSE: u},
		MaxRetries: 2, Transport: transport, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	if got := dials.Load(); got != 3 {
		t.Fatalf("attempts = %d, want 1 + max_retries = 3", got)
	}
	summary, detail := Describe(err, "the jobs")
	if summary != "Request Failed" {
		t.Fatalf("summary %q", summary)
	}
	wantText(t, "detail", detail, "Reading the jobs failed: no answer from the API. max_retries bounds the retries of a refused or reset connection, "+
		"timeouts.read the whole read. Check endpoints.cse and the network.\n\n"+
		`CSE GET /x: gave up after 3 attempts over (time) (max_retries = 2); the last one got: Get "http://127.0.0.1:9/x": dial tcp: connection refused`)
}

// https:// against a plain-HTTP server never clears: one attempt.
func TestPlainHTTPAnswerToHTTPSIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	defer srv.Close()
	tlsURL := strings.Replace(srv.URL, "http://", "https://", 1)
	c := newTestClient(t, srv, func(cfg *Config) {
		u, _ := url.Parse(tlsURL)
		cfg.Endpoints[CSE] = u
	})
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "Endpoint Does Not Speak TLS" {
		t.Fatalf("summary %q: %s", summary, detail)
	}
	wantText(t, "detail", detail, "Reading the jobs failed: the CSE endpoint answered an https:// request without TLS (a plain-HTTP server?), "+
		"which no retry mends. Check endpoints.cse: write http:// for a plain-HTTP endpoint.\n\n"+
		`CSE GET /x: after 1 attempt over (time), not retried: Get "`+tlsURL+`/x": http: server gave HTTP response to HTTPS client`)
	if Transient(err) {
		t.Error("a plain-HTTP answer to https:// is transient")
	}
	if n.Load() != 0 {
		t.Errorf("the handler ran %d times", n.Load())
	}
}

// listen serves each connection with serve, counting them.
func listen(t *testing.T, serve func(net.Conn)) (addr string, conns *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	conns = new(atomic.Int32)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go serve(c)
		}
	}()
	return l.Addr().String(), conns
}

// An answer that is not HTTP never clears: one attempt.
func TestMalformedAnswerIsNotRetried(t *testing.T) {
	addr, conns := listen(t, func(c net.Conn) {
		buf := make([]byte, 4096)
		_, _ = c.Read(buf)
		_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n\r\n"))
		_ = c.Close()
	})
	u, _ := url.Parse("http://" + addr)
	c := New(Config{Region: "cn-north-4", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject,
		Endpoints: map[Service]*url.URL{CSE: u}, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "Invalid HTTP Answer" || !strings.Contains(detail, "after 1 attempt") || !strings.Contains(detail, "not retried: ") {
		t.Fatalf("%s: %s", summary, detail)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("connections = %d, want 1", n)
	}
}

// A connection reset during the TLS handshake is retried like any reset:
// up to max_retries.
func TestResetDuringTLSHandshakeIsRetried(t *testing.T) {
	addr, conns := listen(t, func(c net.Conn) {
		buf := make([]byte, 16)
		_, _ = c.Read(buf) // the start of the ClientHello
		_ = c.(*net.TCPConn).SetLinger(0)
		_ = c.Close()
	})
	u, _ := url.Parse("https://" + addr)
	c := New(Config{Region: "cn-north-4", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject,
		Endpoints: map[Service]*url.URL{CSE: u}, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	err := c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	if n := conns.Load(); n != 3 {
		t.Fatalf("connections = %d, want 1 + max_retries = 3: %v", n, err)
	}
	if summary, detail := Describe(err, "the jobs"); summary != "Request Failed" || !strings.Contains(detail, "gave up after 3 attempts") ||
		!strings.Contains(detail, "(max_retries = 2)") || !strings.Contains(detail, "connection reset by peer") {
		t.Fatalf("%s: %s", summary, detail)
	}
}

// A status that stays retryable fails with the last answer and how many
// attempts gave it.
func TestRetriedStatusSaysHowManyAttempts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
		fmt.Fprint(w, `{"error_code":"X.503","error_msg":"busy"}`)
	}))
	defer srv.Close()
	err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "API Error" {
		t.Fatalf("summary %q", summary)
	}
	wantText(t, "detail", detail, "Reading the jobs failed: the API answered 503 Service Unavailable to every attempt. "+
		"max_retries bounds the retries, timeouts.read the whole read.\n\n"+
		"CSE GET /x: HTTP 503 Service Unavailable: X.503: busy, after 4 attempts over (time) (max_retries = 3)")
}

// timeouts.read that passes during a request is named as what ended it.
func TestReadTimeoutDuringARequestIsNamed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	c := newTestClient(t, srv, func(cfg *Config) { cfg.AnswerTimeout = time.Minute })
	ctx, cancel := WithReadTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.Get(ctx, Request{Service: CSE, Path: "/x"}, &struct{}{})
	if !errors.Is(err, context.DeadlineExceeded) || Transient(err) {
		t.Fatalf("got %v (transient %v)", err, Transient(err))
	}
	summary, detail := Describe(err, "the jobs")
	if summary != "Timed Out" {
		t.Fatalf("summary %q", summary)
	}
	wantText(t, "detail", detail, "Reading the jobs did not finish within timeouts.read (100ms). Raise timeouts.read if the API needs longer.\n\n"+
		"CSE GET /x: timeouts.read (100ms) passed during attempt 1 of this request, (time) after it began: context deadline exceeded")
}

// A connection not open within the connect timeout is an attempt without an
// answer: tried twice. The listener's backlog is full, so the kernel drops
// the handshake and the dial hangs.
func TestConnectTimeoutIsAnAttemptWithoutAnswer(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	// The one connection the backlog holds.
	if c, err := net.Dial("tcp", addr); err == nil {
		t.Cleanup(func() { _ = c.Close() })
	}
	u, _ := url.Parse("http://" + addr)
	c := New(Config{Region: "cn-north-4", AccessKey: testAK, SecretKey: testSK, ProjectID: testProject,
		Endpoints: map[Service]*url.URL{CSE: u}, MaxRetries: 5, ConnectTimeout: 100 * time.Millisecond,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	err = c.Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
	summary, detail := Describe(err, "the jobs")
	if summary != "Request Timed Out" {
		t.Fatalf("%s: %s", summary, detail)
	}
	wantText(t, "error", err.Error(), "CSE GET /x: gave up after 2 attempts over (time), 2 of them without an answer "+
		"(an attempt without an answer is retried once, whatever max_retries); the last one got: "+
		`Get "http://`+addr+`/x": dial tcp `+addr+": i/o timeout")
	if c.cfg.ConnectTimeout != 100*time.Millisecond || New(Config{}).cfg.ConnectTimeout != 10*time.Second ||
		New(Config{}).cfg.AnswerTimeout != 30*time.Second {
		t.Error("the timeouts are not those the docs say")
	}
}
