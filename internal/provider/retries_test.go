package provider_test

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// failedRead is the pattern of a diagnostic: the summary, then the detail's
// phrases in order, with "(time)" for a measured time.
func failedRead(summary string, phrases ...string) *regexp.Regexp {
	var parts []string
	for _, p := range phrases {
		var words []string
		for i, piece := range strings.Split(p, "(time)") {
			if i > 0 {
				words = append(words, `[0-9.]+m?s`)
			}
			if strings.TrimSpace(piece) != "" {
				words = append(words, acctest.ErrorText(piece).String())
			}
		}
		parts = append(parts, strings.Join(words, `\s*`))
	}
	return regexp.MustCompile(`Error: ` + acctest.ErrorText(summary).String() + `(?s:.*?)` + strings.Join(parts, `(?s:.*?)`))
}

const engineJob = `
data "hwcjobs_cse_engine_job" "job" {
  engine_id = "engine-a"
  job_id    = "1"
}
`

// A hung endpoint holds a plan for two answer timeouts, not 1 + max_retries:
// the attempt that got no answer is tried once more, and the error says so.
func TestHungEndpointIsBounded(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.GenerateCSEJobs("engine-a", 1)
	e.Inject(emulator.Fault{Path: cseJobPath("engine-a", 1), Delay: time.Minute})
	const answerTimeout = 300 * time.Millisecond
	start := time.Now()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(func(c *client.Config) { c.AnswerTimeout = answerTimeout }),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(e, url, "  max_retries = 5") + engineJob,
			ExpectError: failedRead("Request Timed Out",
				"Reading CSE engine job 1 of engine engine-a failed: the CSE endpoint gave no answer in time. An attempt without an answer "+
					"is retried once, whatever max_retries; timeouts.read bounds the whole read. Check endpoints.cse and the network.",
				"CSE GET "+cseJobPath("engine-a", 1)+": gave up after 2 attempts over (time), 2 of them without an answer "+
					"(an attempt without an answer is retried once, whatever max_retries); the last one got: Get",
				"no answer within 300ms"),
		}},
	})
	// The emulator logs an abandoned slow answer when it notices.
	deadline := time.Now().Add(10 * time.Second)
	for e.Count(cseJobPath("engine-a", 1)) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := e.Count(cseJobPath("engine-a", 1)); n != 2 {
		t.Errorf("%d attempts, want 2 whatever max_retries (5)", n)
	}
	// Each terraform run (validate, plan) costs at most two answer
	// timeouts; 6 attempts of a run would alone take 1.8s.
	if took := time.Since(start); took > time.Minute {
		t.Errorf("took %s", took)
	}
}

// A refused port is retried up to max_retries, every attempt counted, and
// the error says how many, over how long, and what bounds them.
func TestRefusedPortIsRetriedUpToMaxRetries(t *testing.T) {
	e, _ := acctest.Emulator(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	_ = l.Close()
	var dials atomic.Int32
	count := func(c *client.Config) {
		c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasSuffix(closed, addr) {
				dials.Add(1)
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(count),
		Steps: []resource.TestStep{{
			PreConfig: func() { dials.Store(0) },
			Config:    acctest.ProviderConfig(e, closed, "  max_retries = 2") + engineJob,
			ExpectError: failedRead("Request Failed",
				"Reading CSE engine job 1 of engine engine-a failed: no answer from the API. max_retries bounds the retries of a refused "+
					"or reset connection, timeouts.read the whole read. Check endpoints.cse and the network.",
				"CSE GET "+cseJobPath("engine-a", 1)+": gave up after 3 attempts over (time) (max_retries = 2); the last one got: Get",
				"connect: connection refused"),
		}},
	})
	// One plan, one read: 1 + max_retries dials.
	if n := dials.Load(); n != 3 {
		t.Errorf("%d attempts, want 1 + max_retries = 3", n)
	}
}

// https:// against a plain-HTTP server never clears: one attempt, and an
// error that says what to change.
func TestTLSMismatchIsNotRetried(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.GenerateCSEJobs("engine-a", 1)
	tlsURL := strings.Replace(url, "http://", "https://", 1)
	before := e.Connections()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(e, tlsURL, "  max_retries = 5") + engineJob,
			ExpectError: failedRead("Endpoint Does Not Speak TLS",
				"Reading CSE engine job 1 of engine engine-a failed: the CSE endpoint answered an https:// request without TLS "+
					"(a plain-HTTP server?), which no retry mends. Check endpoints.cse: write http:// for a plain-HTTP endpoint.",
				"CSE GET "+cseJobPath("engine-a", 1)+": after 1 attempt over (time), not retried: Get",
				"http: server gave HTTP response to HTTPS client"),
		}},
	})
	if n := e.Connections() - before; n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	if n := e.Count(""); n != 0 {
		t.Errorf("%d requests reached the emulator", n)
	}
}
