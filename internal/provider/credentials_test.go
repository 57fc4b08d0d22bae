package provider_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/fakeclock"
)

// Acceptance tests of the credential sources (SPEC "Where credentials come
// from (rev. 2)"): KooCLI profiles, the ECS metadata service, assume_role
// hops and chains, OIDC, renewal. Each writes a TRACE log and checks that no
// secret, token or signature of the test appears in it or in a diagnostic.

// credEnv is an emulator behind a handler that runs a hook after each
// answer, with the log of the test.
type credEnv struct {
	e   *emulator.Emulator
	url string
	log string

	mu    sync.Mutex
	after func(*http.Request, int)
	// mark is where the exchanges of the current step begin.
	mark int
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

func newCredEnv(t *testing.T, cfg emulator.Config) *credEnv {
	t.Helper()
	env := &credEnv{e: emulator.New(cfg)}
	env.e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		env.e.ServeHTTP(rec, r)
		env.mu.Lock()
		after := env.after
		env.mu.Unlock()
		if after != nil {
			after(r, rec.status)
		}
	}))
	t.Cleanup(srv.Close)
	env.url = srv.URL
	env.log = filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_ACC_LOG_PATH", env.log)
	// No KooCLI file of the developer's.
	t.Setenv("HOME", t.TempDir())
	return env
}

// step starts a step: the request log is cleared and exchanges counted
// from here.
func (env *credEnv) step() {
	env.e.Reset()
	env.mark = len(env.e.Exchanges())
}

func (env *credEnv) exchanges(kind string) []emulator.Exchange {
	var out []emulator.Exchange
	for _, x := range env.e.Exchanges()[env.mark:] {
		if kind == "" || x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

// provider is a provider block with every endpoint at the emulator and no
// credentials; lines go inside.
func (env *credEnv) provider(lines ...string) string {
	return fmt.Sprintf(`
provider "hwcjobs" {
  max_retries = 2
  endpoints = {
    cse          = %[1]q
    servicestage = %[1]q
    iam          = %[1]q
    sts          = %[1]q
    metadata     = %[1]q
  }
%s
}
`, env.url, strings.Join(lines, "\n"))
}

const regionAndProject = `  region     = "cn-north-4"
  project_id = "` + project + `"`

// threeReads are three data sources, to show that they share credentials.
const threeReads = `
data "hwcjobs_cse_engine_job" "a" {
  engine_id = "engine-a"
  job_id    = "1"
}
data "hwcjobs_cse_engine_job" "b" {
  engine_id = "engine-a"
  job_id    = "1"
}
data "hwcjobs_cse_engine_jobs" "c" {
  engine_id = "engine-a"
}
`

// cseRequests are the CSE requests of the step.
func (env *credEnv) cseRequests() []emulator.Request {
	var out []emulator.Request
	for _, r := range env.e.Requests() {
		if strings.HasPrefix(r.Path, "/v2/") {
			out = append(out, r)
		}
	}
	return out
}

var accessKeyOf = regexp.MustCompile(`Access=([^,\s]+)`)

func signer(r emulator.Request) string {
	if m := accessKeyOf.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		return m[1]
	}
	return ""
}

// readsSignedBy checks that every CSE request succeeded, signed with an
// access key that issued(ak) accepts, with a security token when temporary.
func (env *credEnv) readsSignedBy(what string, issued func(ak string) bool, temporary bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := env.cseRequests()
		if len(reqs) == 0 {
			return fmt.Errorf("no CSE request")
		}
		for _, r := range reqs {
			ak := signer(r)
			if r.Status != http.StatusOK || !issued(ak) {
				return fmt.Errorf("CSE %s answered %d, signed by %q: want 200 signed by %s", r.Path, r.Status, ak, what)
			}
			if got := r.Header.Get("X-Security-Token") != ""; got != temporary {
				return fmt.Errorf("CSE request signed by %q has X-Security-Token %v, want %v", ak, got, temporary)
			}
		}
		return nil
	}
}

// issuedBy accepts the access keys issued by the step's exchanges of kind.
func (env *credEnv) issuedBy(kind string) func(string) bool {
	return func(ak string) bool {
		for _, x := range env.exchanges(kind) {
			if x.Issued != "" && x.Issued == ak {
				return true
			}
		}
		return false
	}
}

func is(want string) func(string) bool { return func(ak string) bool { return ak == want } }

// sharedOncePerRun checks that each terraform run obtained the credentials
// once for its three reads: a third as many exchanges of kind as CSE
// requests.
func (env *credEnv) sharedOncePerRun(kind string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, reads := len(env.exchanges(kind)), len(env.cseRequests())
		if n == 0 || reads != 3*n {
			return fmt.Errorf("%d %s exchanges for %d CSE requests: want one per run of three reads", n, kind, reads)
		}
		return nil
	}
}

func checkExchanges(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

// assertNoSecrets checks the TRACE log, diagnostics included, for every
// secret the emulator issued, every signature it received, and extra.
func (env *credEnv) assertNoSecrets(t *testing.T, extra ...string) {
	t.Helper()
	raw, err := os.ReadFile(env.log)
	if err != nil {
		t.Fatal(err)
	}
	configs, logs := splitConfigEcho(string(raw))
	_ = configs
	secrets := append(env.e.Secrets(), extra...)
	if len(env.e.Secrets()) == 0 {
		t.Error("the emulator issued no secret; the test checks nothing")
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("the logs show the secret %q", s)
		}
	}
	signatures := 0
	for _, r := range env.e.Requests() {
		if m := signatureOf.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			signatures++
			if strings.Contains(string(raw), m[1]) {
				t.Errorf("the logs show the signature %s", m[1])
			}
		}
	}
	for _, want := range []string{"Huawei Cloud API request headers", "Using Huawei Cloud credentials"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %q: the test did not capture the provider's TRACE log", want)
		}
	}
}

// KooCLI profiles: AKSK, SSO and ecsAgency, the file's current profile or
// the one named, an agency on top, the default file; and the configuration
// errors of a missing file, an unknown profile or mode and encrypted keys.
func TestKooCLIProfiles(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	sso := env.e.IssueTemporary(24 * time.Hour)
	profile := func(name, mode string, extra map[string]any) map[string]any {
		p := map[string]any{"name": name, "mode": mode, "region": emulator.DefaultRegion, "projectId": project,
			"accessKeyId": "", "secretAccessKey": "", "securityToken": "", "domainId": "", "agencyName": "", "agencyDomainName": ""}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	keys := map[string]any{"accessKeyId": emulator.DefaultAccessKey, "secretAccessKey": emulator.DefaultSecretKey}
	withAgency := map[string]any{"accessKeyId": emulator.DefaultAccessKey, "secretAccessKey": emulator.DefaultSecretKey,
		"agencyName": "ops", "agencyDomainName": "acme"}
	doc := map[string]any{"current": "dev", "profiles": []any{
		profile("dev", "AKSK", keys),
		profile("sso", "SSO", map[string]any{"ssoAuth": map[string]any{"stsToken": map[string]any{
			"accessKeyId": sso.AccessKey, "secretAccessKey": sso.SecretKey, "securityToken": sso.SecurityToken}}}),
		profile("on-ecs", "ecsAgency", nil),
		profile("with-agency", "AKSK", withAgency),
		profile("encrypted", "AKSK", nil),
		profile("newer", "AssumeRole", nil),
	}}
	raw, _ := json.Marshal(doc)
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	home := os.Getenv("HOME")
	if err := os.MkdirAll(filepath.Join(home, ".hcloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".hcloud", "config.json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	fileArg := fmt.Sprintf("  shared_config_file = %q", file)
	noIAM := func(*terraform.State) error {
		if n := env.e.Count("/v3/projects"); n != 0 {
			return fmt.Errorf("the project was looked up %d times; the profile's projectId should fill project_id", n)
		}
		return nil
	}
	configError := func(lines, want string) resource.TestStep {
		return resource.TestStep{
			PreConfig:   env.step,
			Config:      env.provider(lines) + threeReads,
			ExpectError: acctest.ErrorTexts(strings.Split(want, "|")...),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The file's current profile (AKSK); region and project come from it.
				PreConfig: env.step,
				Config:    env.provider(fileArg) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(noIAM,
					env.readsSignedBy("the profile's access key", is(emulator.DefaultAccessKey), false)),
			},
			{
				PreConfig: env.step,
				Config:    env.provider(fileArg, `  profile = "sso"`) + threeReads,
				Check:     env.readsSignedBy("the SSO profile's stsToken", is(sso.AccessKey), true),
			},
			{
				PreConfig: env.step,
				Config:    env.provider(fileArg, `  profile = "on-ecs"`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the metadata service's credentials", env.issuedBy("metadata"), true),
					env.sharedOncePerRun("metadata")),
			},
			{
				// The profile's agency: one IAM hop signed with its keys.
				PreConfig: env.step,
				Config:    env.provider(fileArg, `  profile = "with-agency"`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the agency's credentials", env.issuedBy("securitytoken"), true),
					env.sharedOncePerRun("securitytoken"),
					checkExchanges(func() error {
						for _, x := range env.exchanges("securitytoken") {
							if x.Method != "assume_role" || x.AgencyName != "ops" || x.DomainName != "acme" || x.Signer != emulator.DefaultAccessKey || x.Duration != 3600 {
								return fmt.Errorf("exchange %+v, want assume_role of ops in acme for 3600 s signed by %s", x, emulator.DefaultAccessKey)
							}
						}
						return nil
					})),
			},
			configError(fmt.Sprintf(`  shared_config_file = %q`, filepath.Join(t.TempDir(), "nope.json")),
				`Invalid KooCLI Profile|does not exist. Set shared_config_file (or HW_SHARED_CONFIG_FILE) to the config.json that KooCLI (hcloud configure) wrote`),
			configError(fileArg+"\n  profile = \"encrypted\"",
				`Unusable KooCLI Profile|The KooCLI profile "encrypted" of `+file+` (mode AKSK) has no usable accessKeyId and secretAccessKey: KooCLI encrypts them by default|Run `+"`hcloud configure set --cli-auth-encrypt=false`"),
			configError(fileArg+"\n  profile = \"newer\"",
				`Invalid KooCLI Profile|The KooCLI profile "newer" of `+file+` has mode "AssumeRole", which the provider does not support; the supported modes are AKSK, SSO and ecsAgency.`),
			{
				PreConfig:   env.step,
				Config:      env.provider(fileArg, `  profile = "missing"`) + threeReads,
				ExpectError: acctest.ErrorTexts(`Invalid KooCLI Profile`, `The KooCLI configuration file `+file+` has no profile "missing", and profile (or HW_PROFILE) is "missing". Its profiles are: "dev", "sso",`),
			},
			{
				// HW_PROFILE and the default file, ~/.hcloud/config.json.
				PreConfig: func() { env.step(); t.Setenv("HW_PROFILE", "on-ecs") },
				Config:    env.provider() + threeReads,
				Check:     env.readsSignedBy("the metadata service's credentials", env.issuedBy("metadata"), true),
			},
			{
				// The profile wins over HW_ACCESS_KEY; the provider block wins over the profile.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_PROFILE", "dev")
					t.Setenv("HW_ACCESS_KEY", "env-ak")
					t.Setenv("HW_SECRET_KEY", "env-sk")
				},
				Config: env.provider() + threeReads,
				Check:  env.readsSignedBy("the profile's access key", is(emulator.DefaultAccessKey), false),
			},
		},
	})
	env.assertNoSecrets(t, sso.SecretKey, sso.SecurityToken, emulator.DefaultSecretKey)
}

// The ECS metadata service, the last source: its session token first, then
// the securitykey; and without session token support.
func TestMetadataService(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	sessionFirst := checkExchanges(func() error {
		xs := env.exchanges("")
		for i, x := range xs {
			if x.Kind == "metadata" && (i == 0 || xs[i-1].Kind != "metadata-token" || !x.SessionToken) {
				return fmt.Errorf("exchange %d %+v: want the securitykey right after a session token, with it", i, x)
			}
		}
		return nil
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.step,
				Config:    env.provider(regionAndProject) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(sessionFirst,
					env.readsSignedBy("the metadata service's credentials", env.issuedBy("metadata"), true),
					env.sharedOncePerRun("metadata")),
			},
			{
				PreConfig: func() { env.step(); env.e.SetCredentialOptions(emulator.CredentialOptions{NoSessionToken: true}) },
				Config:    env.provider(regionAndProject) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the metadata service's credentials", env.issuedBy("metadata"), true),
					checkExchanges(func() error {
						for _, x := range env.exchanges("metadata") {
							if x.SessionToken {
								return fmt.Errorf("a session token was sent though the service gives none")
							}
						}
						return nil
					})),
			},
			{
				PreConfig: func() { env.step(); env.e.SetCredentialOptions(emulator.CredentialOptions{NoAgency: true}) },
				Config:    env.provider(regionAndProject) + threeReads,
				ExpectError: acctest.ErrorTexts("Missing Credentials", "Sources tried, in order:",
					"4. the ECS metadata service", "the ECS has no agency (Please configure Cloud Service Agency first)"),
			},
		},
	})
	env.assertNoSecrets(t)
}

// Without any credentials and without a metadata service, the read fails
// within a few seconds with an error that lists the sources tried, whether
// the address refuses connections or never answers.
func TestMetadataServiceAbsent(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	stop := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(stop) })
	var began time.Time
	within := func(limit time.Duration) func() {
		return func() {
			if d := time.Since(began); d > limit {
				t.Errorf("the error came after %s, want within %s", d, limit)
			}
		}
	}
	config := func(metadata string) string {
		return fmt.Sprintf(`
provider "hwcjobs" {
%s
  endpoints = { cse = %q, metadata = %q }
}
`, regionAndProject, env.url, metadata) + threeReads
	}
	tried := []string{"Missing Credentials", "needs credentials, and none are configured. Sources tried, in order:",
		"1. access_key and secret_key, token, or user_name and password, in the provider block: not set",
		"2. a KooCLI profile", "3. HW_ACCESS_KEY and HW_SECRET_KEY, HW_AUTH_TOKEN, or HW_USER_NAME and HW_PASSWORD: not set", "4. the ECS metadata service"}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { env.step(); began = time.Now() },
				Config:      config(hung.URL),
				ExpectError: acctest.ErrorTexts(append(tried, "the ECS metadata service at "+hung.URL+" gave no answer within 3s")...),
			},
			{
				PreConfig:   func() { within(20 * time.Second)(); env.step(); began = time.Now() },
				Config:      config(acctest.NoMetadata),
				ExpectError: acctest.ErrorTexts(append(tried, "connection refused")...),
			},
		},
	})
	within(10 * time.Second)()
	if n := env.e.Count(""); n != 0 {
		t.Errorf("%d requests reached the API without credentials", n)
	}
}

// assume_role: one IAM hop (no domain_id) and one STS hop (domain_id), each
// asking the duration given; then a chain of both, the second signed with
// the first's temporary credentials and lowered to 3600 s.
func TestAssumeRole(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	static := fmt.Sprintf("%s\n  access_key = %q\n  secret_key = %q", regionAndProject, emulator.DefaultAccessKey, emulator.DefaultSecretKey)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.step,
				Config: env.provider(static, `  assume_role {
    agency_name = "ops"
    domain_name = "acme"
    duration    = 7200
  }`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the agency's credentials from IAM", env.issuedBy("securitytoken"), true),
					env.sharedOncePerRun("securitytoken"),
					checkExchanges(func() error {
						for _, x := range env.exchanges("") {
							if x.Kind != "securitytoken" || x.Method != "assume_role" || x.AgencyName != "ops" || x.DomainName != "acme" ||
								x.Duration != 7200 || x.Signer != emulator.DefaultAccessKey || x.Status != http.StatusCreated {
								return fmt.Errorf("exchange %+v, want IAM assume_role of ops in acme for 7200 s signed by the static key", x)
							}
						}
						return nil
					})),
			},
			{
				PreConfig: env.step,
				Config: env.provider(static, `  assume_role {
    agency_name = "ops"
    domain_id   = "0a1b2c3d"
    duration    = 1800
  }`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the agency's credentials from STS", env.issuedBy("sts"), true),
					checkExchanges(func() error {
						for _, x := range env.exchanges("") {
							if x.Kind != "sts" || x.AgencyURN != "iam::0a1b2c3d:agency:ops" || x.SessionName != "ops" ||
								x.Duration != 1800 || x.Signer != emulator.DefaultAccessKey || x.Status != http.StatusOK {
								return fmt.Errorf("exchange %+v, want STS assume of iam::0a1b2c3d:agency:ops for 1800 s signed by the static key", x)
							}
						}
						return nil
					})),
			},
			{
				PreConfig: env.step,
				Config: env.provider(static, `  assume_role {
    agency_name = "ops"
    domain_name = "acme"
  }
  assume_role {
    agency_name = "deployer"
    domain_id   = "9f8e7d6c"
    duration    = 7200
  }`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the second hop's credentials", env.issuedBy("sts"), true),
					checkExchanges(func() error {
						xs := env.exchanges("")
						if len(xs) == 0 || len(xs)%2 != 0 {
							return fmt.Errorf("%d exchanges, want pairs", len(xs))
						}
						for i := 0; i < len(xs); i += 2 {
							first, second := xs[i], xs[i+1]
							if first.Kind != "securitytoken" || first.Duration != 3600 || first.Signer != emulator.DefaultAccessKey {
								return fmt.Errorf("first hop %+v, want IAM for 3600 s signed by the static key", first)
							}
							if second.Kind != "sts" || second.Signer != first.Issued || !second.SignerTemporary ||
								second.Duration != 3600 || second.AgencyURN != "iam::9f8e7d6c:agency:deployer" {
								return fmt.Errorf("second hop %+v, want STS signed by the first hop's %s, asking 3600 s", second, first.Issued)
							}
						}
						return nil
					})),
			},
			{
				PreConfig: func() {
					env.step()
					t.Setenv("HW_ASSUME_ROLE_AGENCY_NAME", "ops")
					t.Setenv("HW_ASSUME_ROLE_DOMAIN_ID", "0a1b2c3d")
					t.Setenv("HW_ASSUME_ROLE_DURATION", "60")
				},
				Config: env.provider(static) + threeReads,
				ExpectError: acctest.ErrorTexts("Invalid Duration",
					"HW_ASSUME_ROLE_DURATION is 60; set it to a number of seconds from 900 (15 minutes) to 86400 (a day)."),
			},
			{
				// The variables stand for one block.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_ASSUME_ROLE_AGENCY_NAME", "ops")
					t.Setenv("HW_ASSUME_ROLE_DOMAIN_ID", "0a1b2c3d")
					t.Setenv("HW_ASSUME_ROLE_DURATION", "2400")
				},
				Config: env.provider(static) + threeReads,
				Check: checkExchanges(func() error {
					xs := env.exchanges("sts")
					if len(xs) == 0 || xs[0].Duration != 2400 || xs[0].AgencyURN != "iam::0a1b2c3d:agency:ops" {
						return fmt.Errorf("exchanges %+v, want STS for ops, 2400 s", xs)
					}
					return nil
				}),
			},
		},
	})
	env.assertNoSecrets(t, emulator.DefaultSecretKey)
	// The chain's second hop asked 3600 s instead of 7200, with a warning.
	if raw, _ := os.ReadFile(env.log); !strings.Contains(string(raw), "Duration Lowered to 3600") {
		t.Error("no warning that the duration of the chain's second hop was lowered")
	}
}

// assume_role_with_oidc from a token file: the id token for an IAM token,
// that for temporary credentials asking the block's duration, those for the
// agency's with STS; no other credentials configured.
func TestAssumeRoleWithOIDCFromTokenFile(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	const idToken = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjaSJ9.OIDC-secret-5c2a91"
	env.e.SetCredentialOptions(emulator.CredentialOptions{IdentityProviders: map[string]string{"idp-ci": idToken}})
	tokenFile := filepath.Join(t.TempDir(), "id_token")
	if err := os.WriteFile(tokenFile, []byte(idToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.step,
				Config:    env.provider(regionAndProject, oidcBlock(tokenFile, "    duration      = 1200")) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the agency's credentials", env.issuedBy("sts"), true),
					env.sharedOncePerRun("sts"),
					checkExchanges(func() error {
						xs := env.exchanges("")
						if len(xs) == 0 || len(xs)%3 != 0 {
							return fmt.Errorf("%d exchanges, want triples", len(xs))
						}
						for i := 0; i < len(xs); i += 3 {
							id, temp, sts := xs[i], xs[i+1], xs[i+2]
							if id.Kind != "id-token" || id.IdpID != "idp-ci" || id.Status != http.StatusCreated {
								return fmt.Errorf("first %+v, want the id token exchange of idp-ci", id)
							}
							if temp.Kind != "securitytoken" || temp.Method != "token" || !temp.Token || temp.Duration != 1200 {
								return fmt.Errorf("second %+v, want securitytokens with the IAM token for 1200 s", temp)
							}
							if sts.Kind != "sts" || sts.Signer != temp.Issued || sts.AgencyURN != "iam::0a1b2c3d:agency:ci-deployer" || sts.Duration != 1200 {
								return fmt.Errorf("third %+v, want STS for ci-deployer signed by %s", sts, temp.Issued)
							}
						}
						return nil
					})),
			},
			{
				PreConfig: func() { env.step(); writeFile(t, tokenFile, "not-the-token") },
				Config:    env.provider(regionAndProject, oidcBlock(tokenFile, "")) + threeReads,
				ExpectError: acctest.ErrorTexts("Credentials Not Obtained", `obtaining them failed while exchanging the OIDC id token of identity provider "idp-ci" with IAM`,
					"HTTP 401 Unauthorized: IAM.0002: The id token is invalid"),
			},
			{
				// The file is read again at each exchange: a rotated token works.
				PreConfig: func() { env.step(); writeFile(t, tokenFile, idToken) },
				Config:    env.provider(regionAndProject, oidcBlock(tokenFile, "")) + threeReads,
				Check:     env.readsSignedBy("the agency's credentials", env.issuedBy("sts"), true),
			},
		},
	})
	env.assertNoSecrets(t, idToken)
}

func oidcBlock(tokenFile, extra string) string {
	return fmt.Sprintf(`  assume_role_with_oidc {
    agency_name   = "ci-deployer"
    domain_id     = "0a1b2c3d"
    idp_id        = "idp-ci"
    id_token_file = %q
%s
  }`, tokenFile, extra)
}

const waitedJob = `
data "hwcjobs_servicestage_job" "deploy" {
  job_id              = "JOB-long"
  wait_for_completion = true
  poll_interval       = "100ms"
}
`

// A wait of hours with one-hour credentials from the metadata service keeps
// working: each poll moves the clock 25 minutes on, and the credentials are
// renewed before they end, never refused.
func TestCredentialsRenewedDuringWait(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	env := newCredEnv(t, emulator.Config{Clock: clock.Now})
	env.e.SetCredentialOptions(emulator.CredentialOptions{MetadataTTL: time.Hour})
	statuses := []string{"RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"}
	env.e.AddServiceStageJob(emulator.ServiceStageJob{ID: "JOB-long", Type: "PROVISION", Progress: emulator.Progress{Statuses: statuses}})
	env.after = func(r *http.Request, _ int) {
		if strings.HasSuffix(r.URL.Path, "/cas/jobs/JOB-long") {
			clock.Advance(25 * time.Minute)
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(func(c *client.Config) { c.Now = clock.Now }),
		Steps: []resource.TestStep{{
			PreConfig: env.step,
			Config:    env.provider(regionAndProject) + waitedJob,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.hwcjobs_servicestage_job.deploy", "execution_status", "SUCCEEDED"),
				checkExchanges(func() error {
					var polls, refused, metadataBeforeEnd int
					for _, r := range env.e.Requests() {
						switch {
						case strings.HasSuffix(r.Path, "/cas/jobs/JOB-long"):
							polls++
							if r.Status == http.StatusUnauthorized {
								refused++
							}
						case r.Path == "/openstack/latest/securitykey" && polls < len(statuses):
							metadataBeforeEnd++
						}
					}
					if refused != 0 {
						return fmt.Errorf("%d polls were refused: the credentials were not renewed in time", refused)
					}
					// 8 polls 25 minutes apart, 3h20 in all, with one-hour credentials.
					if metadataBeforeEnd < 2 {
						return fmt.Errorf("%d metadata calls during the %d polls of the wait, want at least 2", metadataBeforeEnd, polls)
					}
					return nil
				})),
		}},
	})
	env.assertNoSecrets(t)
}

// Credentials that the cloud refuses with 401 although the client thought
// them valid (they expired early) are renewed once and the request sent
// again; the wait goes on.
func TestExpiredCredentialsRenewedOnceAfter401(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	env.e.AddServiceStageJob(emulator.ServiceStageJob{ID: "JOB-long", Type: "PROVISION",
		Progress: emulator.Progress{Statuses: []string{"RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"}}})
	var once sync.Once
	env.after = func(r *http.Request, status int) {
		if strings.HasSuffix(r.URL.Path, "/cas/jobs/JOB-long") && status == http.StatusOK {
			once.Do(env.e.ExpireIssued)
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: env.step,
			Config:    env.provider(regionAndProject) + waitedJob,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.hwcjobs_servicestage_job.deploy", "execution_status", "SUCCEEDED"),
				checkExchanges(func() error {
					reqs := env.e.Requests()
					var refused []int
					for i, r := range reqs {
						if r.Status == http.StatusUnauthorized {
							refused = append(refused, i)
						}
					}
					if len(refused) != 1 {
						return fmt.Errorf("%d requests refused, want exactly 1", len(refused))
					}
					i := refused[0]
					if i+3 > len(reqs) || reqs[i+1].Path != "/meta-data/latest/api/token" || reqs[i+2].Path != "/openstack/latest/securitykey" ||
						!strings.HasSuffix(reqs[i+3].Path, "/cas/jobs/JOB-long") || reqs[i+3].Status != http.StatusOK ||
						signer(reqs[i+3]) == signer(reqs[i]) {
						return fmt.Errorf("after the 401: %s, %s, %s; want the metadata service, then the poll again with new credentials",
							reqs[i+1].Path, reqs[i+2].Path, reqs[i+3].Path)
					}
					return nil
				})),
		}},
	})
	env.assertNoSecrets(t)
}

// writeFile writes a file of the test, or fails it.
func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
