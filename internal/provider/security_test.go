package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// Exactly the credentials are sensitive, so that terraform never shows them.
func TestCredentialsAreSensitive(t *testing.T) {
	schemas, err := newProviderServer(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var sensitive []string
	for _, a := range schemas.Provider.Block.Attributes {
		if a.Sensitive {
			sensitive = append(sensitive, a.Name)
		}
	}
	for _, b := range schemas.Provider.Block.BlockTypes {
		for _, a := range b.Block.Attributes {
			if a.Sensitive {
				sensitive = append(sensitive, b.TypeName+"."+a.Name)
			}
		}
	}
	slices.Sort(sensitive)
	if want := []string{"assume_role_with_oidc.id_token", "key", "password", "secret_key", "security_token", "token"}; !slices.Equal(sensitive, want) {
		t.Fatalf("sensitive attributes %v, want %v", sensitive, want)
	}
}

// TLS is verified unless insecure (or HW_INSECURE) says not to, and a
// certificate that cannot be verified is not retried.
func TestTLSIsVerifiedUnlessInsecure(t *testing.T) {
	e := emulator.New(emulator.Config{})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	srv := httptest.NewUnstartedServer(e)
	var connections atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)

	config := func(extra ...string) string { return acctest.ProviderConfig(e, srv.URL, extra...) + engineJobs }
	refused := regexp.MustCompile(errorPattern(`Untrusted Certificate.*Reading the job list of CSE engine engine-a failed: the TLS certificate `+
		`of the CSE endpoint could not be verified. If the endpoint uses a private certificate authority, add it to the system's trusted `+
		`certificates; set insecure = true (or HW_INSECURE=true) only to skip verification of a test endpoint. `+
		`CSE GET `+cseListPath("engine-a")+`: after 1 attempt over`).String() + `\s+[0-9.]+m?s,\s+` + acctest.ErrorText(`not retried: Get "`+
		srv.URL+cseListPath("engine-a")+`?limit=100&offset=0": tls: failed to verify certificate: x509: certificate signed by unknown authority`).String())
	read := resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_jobs.a", "jobs.0.status", "Finished")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { connections.Store(0) },
				Config:      config(),
				ExpectError: refused,
			},
			{
				PreConfig: func() {
					// One handshake for the one read of the failed plan: not
					// retried, though max_retries is 5.
					if n := connections.Load(); n != 1 {
						t.Errorf("the refused certificate was tried on %d connections, want 1", n)
					}
					if n := e.Count(""); n != 0 {
						t.Errorf("%d requests passed the refused handshake", n)
					}
				},
				Config: config("  insecure = true"),
				Check:  read,
			},
			{
				PreConfig: func() { t.Setenv("HW_INSECURE", "true") },
				Config:    config(),
				Check:     read,
			},
			{
				// The argument wins over HW_INSECURE.
				Config:      config("  insecure = false"),
				ExpectError: refused,
			},
		},
	})
}

// Distinctive credentials, to find wherever they end up.
const (
	secretAK            = "secrets-test-ak"
	secretSK            = "SK-secret-7f3a9c51"
	secretSecurityToken = "ST-secret-0be4d9a2"
	secretToken         = "TOKEN-secret-4d2e8b17"
)

// echoingGateway stands in front of the emulator and, as some gateways and
// proxies do, echoes the credentials of requests it rejects: those of job
// "echo" always (400), and the next flaky ones of job 9 (503, retried) after
// the next pass ones. It keeps the signature of every request it sees.
type echoingGateway struct {
	next http.Handler

	mu          sync.Mutex
	pass, flaky int
	signatures  []string
}

var signatureOf = regexp.MustCompile(`Signature=([0-9a-f]+)`)

func (g *echoingGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	if m := signatureOf.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		g.signatures = append(g.signatures, m[1])
	}
	status := 0
	switch {
	case strings.HasSuffix(r.URL.Path, "/jobs/echo"):
		status = http.StatusBadRequest
	case strings.HasSuffix(r.URL.Path, "/jobs/9") && g.pass > 0:
		g.pass--
	case strings.HasSuffix(r.URL.Path, "/jobs/9") && g.flaky > 0:
		g.flaky--
		status = http.StatusServiceUnavailable
	}
	g.mu.Unlock()
	if status == 0 {
		g.next.ServeHTTP(w, r)
		return
	}
	msg := fmt.Sprintf("Request rejected; it carried Authorization: %s, X-Security-Token: %s, X-Auth-Token: %s",
		r.Header.Get("Authorization"), r.Header.Get("X-Security-Token"), r.Header.Get("X-Auth-Token"))
	body, _ := json.Marshal(map[string]string{"error_code": "APIGW.0201", "error_msg": msg})
	w.WriteHeader(status)
	w.Write(body)
}

// No credential (secret key, security token, token, signature) appears in a
// diagnostic or in a log line at TRACE, even when the API echoes them back;
// the access key and the request URLs do, which shows that the logs were
// captured. Reads succeed, are retried, poll and fail, for AK/SK with a
// security token and for a token.
func TestSecretsStayOutOfLogsAndDiagnostics(t *testing.T) {
	e := emulator.New(emulator.Config{Keys: map[string]string{secretAK: secretSK}, Token: secretToken})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 9, Type: "Upgrade", Progress: emulator.Progress{Statuses: []string{"Executing", "Finished"}}})
	gateway := &echoingGateway{next: e}
	srv := httptest.NewServer(gateway)
	t.Cleanup(srv.Close)

	// The provider runs in process: TF_ACC_LOG_PATH gets its logs at TRACE,
	// with terraform's and the test harness's.
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	config := func(credentials string) string {
		return fmt.Sprintf(`
provider "hwcjobs" {
  region      = "cn-north-4"
  project_id  = %q
  max_retries = %d
  endpoints   = { cse = %q }
%s
}
data "hwcjobs_cse_engine_jobs" "listed" {
  engine_id = "engine-a"
}
data "hwcjobs_cse_engine_job" "rejected" {
  engine_id = "engine-a"
  job_id    = "echo"
}
data "hwcjobs_cse_engine_job" "flaky" {
  engine_id           = "engine-a"
  job_id              = "9"
  wait_for_completion = true
  poll_interval       = "100ms"
}
`, project, maxRetries, srv.URL, credentials)
	}
	// The second poll of job 9 fails after all its attempts, and the wait
	// goes on (a first poll that fails would end it); the third succeeds.
	flaky := func() {
		e.AddCSEJob("engine-a", emulator.CSEJob{ID: 9, Type: "Upgrade", Progress: emulator.Progress{Statuses: []string{"Executing", "Finished"}}})
		gateway.mu.Lock()
		gateway.pass, gateway.flaky = 1, maxRetries+1
		gateway.mu.Unlock()
	}
	rejected := func(echoed string) *regexp.Regexp {
		return errorPattern(`API Error.*Reading CSE engine job echo of engine engine-a failed. CSE GET ` +
			cseListPath("engine-a") + `/echo: HTTP 400 Bad Request: APIGW.0201: Request rejected; it carried ` + echoed)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: flaky,
				Config: config(fmt.Sprintf("  access_key = %q\n  secret_key = %q\n  security_token = %q",
					secretAK, secretSK, secretSecurityToken)),
				ExpectError: rejected(`Authorization: SDK-HMAC-SHA256 Access=` + secretAK +
					`, SignedHeaders=accept;user-agent;x-project-id;x-sdk-date;x-security-token, Signature=***, X-Security-Token: ***, X-Auth-Token: `),
			},
			{
				PreConfig:   flaky,
				Config:      config(fmt.Sprintf("  token = %q", secretToken)),
				ExpectError: rejected(`Authorization: , X-Security-Token: , X-Auth-Token: ***`),
			},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	harnessConfig, logs := splitConfigEcho(string(raw))
	// The harness logs each configuration, secrets and all: they would be
	// found, were they anywhere else.
	for _, secret := range []string{secretSK, secretSecurityToken, secretToken} {
		if !strings.Contains(harnessConfig, secret) {
			t.Errorf("the configurations the harness logged lack %q; the test cannot find it", secret)
		}
		if n := strings.Count(logs, secret); n > 0 {
			t.Errorf("the logs show %q %d times", secret, n)
		}
	}
	gateway.mu.Lock()
	signatures := slices.Compact(slices.Sorted(slices.Values(gateway.signatures)))
	gateway.mu.Unlock()
	if len(signatures) == 0 {
		t.Fatal("no signed request reached the gateway")
	}
	for _, signature := range signatures {
		if strings.Contains(string(raw), signature) {
			t.Errorf("the logs show the signature %s", signature)
		}
	}
	for _, want := range []string{
		secretAK,
		`url="` + srv.URL + cseListPath("engine-a") + `?limit=100&offset=0"`,
		"Huawei Cloud API request headers",                      // TRACE
		"Retrying Huawei Cloud API request",                     // the 503s of job 9
		"Polling the job failed; trying again at the next poll", // with the echoed error
		"Error running Terraform CLI command",                   // with the diagnostics
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %s", want)
		}
	}
}

// splitConfigEcho separates the harness's log entries of the configurations
// it writes from every other entry. An entry is a line that starts with a
// timestamp and the indented lines that follow it.
func splitConfigEcho(logs string) (configs, others string) {
	var c, o strings.Builder
	inConfig := false
	for _, line := range strings.SplitAfter(logs, "\n") {
		if startsEntry.MatchString(line) {
			inConfig = strings.Contains(line, "Setting Terraform configuration")
		}
		if inConfig {
			c.WriteString(line)
		} else {
			o.WriteString(line)
		}
	}
	return c.String(), o.String()
}

var startsEntry = regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)

func newProviderServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	return server
}
