package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// emulatorClient is a client of the emulator at base, with its default
// credentials, max_retries 3 and short retry waits.
func emulatorClient(base string) *Client {
	u, _ := url.Parse(base)
	endpoints := map[Service]*url.URL{}
	for _, s := range Services {
		endpoints[s] = u
	}
	return New(Config{
		Region: emulator.DefaultRegion, AccessKey: emulator.DefaultAccessKey, SecretKey: emulator.DefaultSecretKey,
		ProjectID: emulator.DefaultProjectID, Endpoints: endpoints, MaxRetries: 3, Version: "test",
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 40 * time.Millisecond,
	})
}

var jobOne = Request{Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/engine-a/jobs/1"}

// readConcurrently makes n reads of jobOne at once and waits for them.
func readConcurrently(t *testing.T, c *Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Get(context.Background(), jobOne, &struct{}{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// Every read of one client shares its pool: a burst of 100 reads opens no more
// connections than the per-host limit, and keeps them all, so that a second
// burst opens none.
func TestConcurrentReadsShareTheConnectionPool(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.GenerateCSEJobs("engine-a", 1)
	// Slow answers keep all 100 reads in flight together.
	e.Inject(emulator.Fault{Delay: 20 * time.Millisecond})
	c := emulatorClient(base)

	readConcurrently(t, c, 100)
	first := e.Connections()
	if first > maxConnsPerHost {
		t.Fatalf("100 concurrent reads opened %d connections, more than the per-host limit of %d", first, maxConnsPerHost)
	}
	readConcurrently(t, c, 100)
	if opened := e.Connections() - first; opened != 0 {
		t.Fatalf("a second burst of 100 reads opened %d new connections; the pool should have kept the first %d", opened, first)
	}
	if n := e.Count(""); n != 200 {
		t.Fatalf("the emulator got %d requests, want 200", n)
	}
}

// A connection reset on a reused connection is one attempt: net/http does
// not re-send the request behind the retry policy's back, so the API sees
// exactly 1 + max_retries attempts. The request still carries no body.
//
// This is the harm sendOnce (and with it the HTTP/1.1-only transport)
// prevents, and what keeps it: without it this test fails with 5 attempts
// for max_retries = 3, the fifth sent at once, without backoff, to an API
// that may be throttling; max_retries = 0 would still send two requests.
func TestResetOnReusedConnectionIsOneAttempt(t *testing.T) {
	for _, maxRetries := range []int{3, 0} {
		t.Run(fmt.Sprintf("max_retries %d", maxRetries), func(t *testing.T) {
			e, base := emulator.Start(t, emulator.Config{})
			e.GenerateCSEJobs("engine-a", 1)
			c := emulatorClient(base)
			c.http.RetryMax = maxRetries
			// A first read leaves an idle connection for the next one to reuse.
			if err := c.Get(context.Background(), jobOne, &struct{}{}); err != nil {
				t.Fatal(err)
			}
			e.Reset()
			e.Inject(emulator.Fault{Reset: true})

			err := c.Get(context.Background(), jobOne, &struct{}{})
			summary, _ := Describe(err, "CSE engine job 1")
			if summary != "Request Failed" {
				t.Fatalf("got %q: %v", summary, err)
			}
			if n := e.Count(""); n != 1+maxRetries {
				t.Fatalf("the API saw %d attempts, want 1 + max_retries = %d", n, 1+maxRetries)
			}
		})
	}
}

// The body that opts requests out of net/http's own re-sending is empty and
// sent as none: the wire request is a plain GET, with neither Content-Length
// nor chunked encoding.
func TestRequestsCarryNoBody(t *testing.T) {
	var length int64
	var encoding []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		length, encoding = r.ContentLength, r.TransferEncoding
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	if err := newTestClient(t, srv, nil).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	if length != 0 || len(encoding) != 0 {
		t.Fatalf("the GET had content length %d and transfer encoding %v", length, encoding)
	}
}
