package provider_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// Acceptance tests of the official provider's remaining ways in (SPEC
// rev. 3): a token beside keys, password authentication, the tenant_*
// aliases, agency_name, TLS files, the arguments that do nothing here, and
// the review's findings on KooCLI profiles and the OIDC variables.

// logHas checks that the TRACE log of the test holds each phrase.
func (env *credEnv) logHas(phrases ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		raw, err := os.ReadFile(env.log)
		if err != nil {
			return err
		}
		for _, p := range phrases {
			if !strings.Contains(string(raw), p) {
				return fmt.Errorf("the log lacks %q", p)
			}
		}
		return nil
	}
}

// readsWithToken checks that every CSE request succeeded with token and
// without a signature.
func (env *credEnv) readsWithToken(token func() string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := env.cseRequests()
		if len(reqs) == 0 {
			return fmt.Errorf("no CSE request")
		}
		want := token()
		for _, r := range reqs {
			if r.Status != http.StatusOK || r.Header.Get("X-Auth-Token") != want || r.Header.Get("Authorization") != "" {
				return fmt.Errorf("CSE %s answered %d with X-Auth-Token %q and Authorization %q; want 200 with the token %q alone",
					r.Path, r.Status, r.Header.Get("X-Auth-Token"), r.Header.Get("Authorization"), want)
			}
		}
		return nil
	}
}

func constant(s string) func() string { return func() string { return s } }

// Within one source the token wins over keys, with a warning; sources stay
// in order, so keys in the block win over HW_AUTH_TOKEN.
func TestTokenBesideKeys(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.step,
				Config: env.provider(regionAndProject, `  token = "`+emulator.DefaultToken+`"`,
					`  access_key = "unused-ak"`, `  secret_key = "unused-sk"`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsWithToken(constant(emulator.DefaultToken)),
					env.logHas("Token Used Instead of Keys", "the provider block gives both a token and access keys; the token is used, as in the official provider")),
			},
			{
				// The variables: the token wins there too.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_AUTH_TOKEN", emulator.DefaultToken)
					t.Setenv("HW_ACCESS_KEY", "unused-ak")
					t.Setenv("HW_SECRET_KEY", "unused-sk")
				},
				Config: env.provider(regionAndProject) + threeReads,
				Check:  env.readsWithToken(constant(emulator.DefaultToken)),
			},
			{
				// Keys in the block win over HW_AUTH_TOKEN, a later source.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_AUTH_TOKEN", "env-token-not-used")
					t.Setenv("HW_ACCESS_KEY", "")
					t.Setenv("HW_SECRET_KEY", "")
				},
				Config: env.provider(regionAndProject, `  access_key = "`+emulator.DefaultAccessKey+`"`, `  secret_key = "`+emulator.DefaultSecretKey+`"`) + threeReads,
				Check:  env.readsSignedBy("the block's access key", is(emulator.DefaultAccessKey), false),
			},
		},
	})
}

const (
	alice         = "alice"
	alicePassword = "Pw-alice-93c1e0"
	aliceID       = "u-alice-01"
	acme          = "acme"
	acmeID        = "d-acme-01"
)

// passwordEnv is an emulator that knows alice of acme.
func passwordEnv(t *testing.T) *credEnv {
	env := newCredEnv(t, emulator.Config{})
	env.e.SetCredentialOptions(emulator.CredentialOptions{Users: []emulator.User{
		{ID: aliceID, Name: alice, Password: alicePassword, DomainName: acme, DomainID: acmeID},
	}})
	return env
}

// issuedToken is the token of the step's password exchange.
func (env *credEnv) issuedToken() string {
	for _, x := range env.exchanges("password") {
		if x.Status == http.StatusCreated {
			return x.Issued
		}
	}
	return "no token issued"
}

// checkPassword checks the step's password exchanges: one per run of
// three reads, for user, scoped to scope.
func (env *credEnv) checkPassword(user, scope string) resource.TestCheckFunc {
	return checkExchanges(func() error {
		xs := env.exchanges("password")
		if n, reads := len(xs), len(env.cseRequests()); n == 0 || reads != 3*n {
			return fmt.Errorf("%d password exchanges for %d CSE requests: want one per run of three reads", n, reads)
		}
		for _, x := range xs {
			if x.Status != http.StatusCreated || x.Method != "password" || x.User != user || x.Scope != scope || x.Signer != "" || x.Token {
				return fmt.Errorf("password exchange %+v, want a 201 for %s scoped to %s, neither signed nor with a token", x, user, scope)
			}
		}
		return nil
	})
}

// Password authentication end to end: the user by name and domain name,
// by name and domain id from the variables, by id; scoped by region name
// or project id; auth_url serving IAM; a wrong password; and nothing of
// the password or the token in the TRACE log.
func TestPasswordAuthentication(t *testing.T) {
	env := passwordEnv(t)
	lookups := func(want int) resource.TestCheckFunc {
		return checkExchanges(func() error {
			if n := env.e.Count("/v3/projects"); n != want {
				return fmt.Errorf("%d project lookups, want %d", n, want)
			}
			return nil
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No project_id: the token is scoped to the region's project
				// by name, and the project is looked up with it.
				PreConfig: env.step,
				Config: env.provider(`  region = "cn-north-4"`, `  user_name = "`+alice+`"`, `  password = "`+alicePassword+`"`,
					`  domain_name = "`+acme+`"`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkPassword(alice, "name:cn-north-4"), lookups(1), env.readsWithToken(env.issuedToken),
					env.logHas(`the password of user \"alice\" of domain \"acme\" (the provider block)`)),
			},
			{
				// The variables, domain by id, scoped by project_id.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_USER_NAME", alice)
					t.Setenv("HW_PASSWORD", alicePassword)
					t.Setenv("HW_DOMAIN_ID", acmeID)
				},
				Config: env.provider(regionAndProject) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkPassword(alice, "id:"+project), lookups(0), env.readsWithToken(env.issuedToken)),
			},
			{
				// user_id needs no domain; auth_url serves IAM when
				// endpoints.iam is not set.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_USER_NAME", "")
					t.Setenv("HW_PASSWORD", "")
					t.Setenv("HW_DOMAIN_ID", "")
				},
				Config: fmt.Sprintf(`
provider "hwcjobs" {
  region    = "cn-north-4"
  user_id   = %q
  password  = %q
  auth_url  = "%s/v3"
  endpoints = { cse = %q }
}
`, aliceID, alicePassword, env.url, env.url) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkPassword(aliceID, "name:cn-north-4"), lookups(1), env.readsWithToken(env.issuedToken)),
			},
			{
				// The official provider's HW_USER_PASSWORD.
				PreConfig: func() {
					env.step()
					t.Setenv("HW_USER_NAME", alice)
					t.Setenv("HW_USER_PASSWORD", alicePassword)
					t.Setenv("HW_DOMAIN_NAME", acme)
				},
				Config: env.provider(regionAndProject) + threeReads,
				Check:  resource.ComposeAggregateTestCheckFunc(env.checkPassword(alice, "id:"+project), env.readsWithToken(env.issuedToken)),
			},
			{
				// Keys win over a password in the same source.
				PreConfig: env.step,
				Config:    env.provider(regionAndProject, `  access_key = "`+emulator.DefaultAccessKey+`"`, `  secret_key = "`+emulator.DefaultSecretKey+`"`) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the block's access key", is(emulator.DefaultAccessKey), false),
					checkExchanges(func() error {
						if xs := env.exchanges("password"); len(xs) != 0 {
							return fmt.Errorf("%d password exchanges beside keys, want none", len(xs))
						}
						return nil
					})),
			},
			{
				PreConfig: func() {
					env.step()
					t.Setenv("HW_USER_NAME", "")
					t.Setenv("HW_USER_PASSWORD", "")
					t.Setenv("HW_DOMAIN_NAME", "")
				},
				Config: env.provider(regionAndProject, `  user_name = "`+alice+`"`, `  password = "wrong-password-1"`,
					`  domain_name = "`+acme+`"`) + threeReads,
				ExpectError: acctest.ErrorTexts("Credentials Not Obtained",
					`obtaining them failed while obtaining an IAM token with the password of user "alice" of domain "acme"`,
					"IAM POST /v3/auth/tokens: HTTP 401 Unauthorized: 401: The request you have made requires authentication."),
			},
		},
	})
	env.assertNoSecrets(t, alicePassword, "wrong-password-1")
}

// The configuration errors of the official provider's arguments: each
// names the argument and makes no request.
func TestOfficialArgumentErrors(t *testing.T) {
	env := passwordEnv(t)
	tests := []struct{ name, lines, want string }{
		{"user_name without password", `  user_name = "alice"
  domain_name = "acme"`, `Missing Password|user_name is set but password is not. Set password (or HW_PASSWORD) to the user's password`},
		{"password without domain", `  user_name = "alice"
  password = "x"`, `Missing Domain|Password authentication of user "alice" needs the account (domain) the user belongs to. Set domain_name (or HW_DOMAIN_NAME), or domain_id (or HW_DOMAIN_ID).`},
		{"password without user", `  password = "x"`, `Missing User Name|password is set but neither user_name nor user_id is.`},
		{"signing_algorithm", `  access_key = "ak"
  secret_key = "sk"
  signing_algorithm = "HMAC-SM3"`, `Unsupported Signing Algorithm|signing_algorithm (or HW_SIGNING_ALGORITHM) is "HMAC-SM3"; hwcjobs signs with HMAC-SHA256 only.`},
		{"agency_name without domain", `  access_key = "ak"
  secret_key = "sk"
  agency_name = "ops"`, `Missing Agency Domain|agency_name is "ops" but agency_domain_name, the account that owns the agency, is not set.`},
		{"tenant_id with project_id", `  access_key = "ak"
  secret_key = "sk"
  tenant_id = "t"`, `Conflicting Project|tenant_id is an alias of project_id, and both are set; use one.`},
		{"cert without key", `  access_key = "ak"
  secret_key = "sk"
  cert = "-----BEGIN CERTIFICATE-----"`, `Missing Client Key|cert is set but key is not.`},
		{"missing cacert_file", `  token = "t"
  cacert_file = "/nonexistent/ca.pem"`, `Unreadable cacert_file|cacert_file cannot be read: open /nonexistent/ca.pem: no such file or directory.`},
		{"bad auth_url", `  access_key = "ak"
  secret_key = "sk"
  auth_url = "iam.example.com/v3"`, `Invalid Auth URL|auth_url (or HW_AUTH_URL) is "iam.example.com/v3", which is not a URL.`},
	}
	var steps []resource.TestStep
	for _, tt := range tests {
		steps = append(steps, resource.TestStep{
			PreConfig:   env.step,
			Config:      env.provider(regionAndProject, tt.lines) + threeReads,
			ExpectError: acctest.ErrorTexts(strings.Split(tt.want, "|")...),
		}, resource.TestStep{
			// A step that cannot fail the test: it checks the one before.
			PreConfig: func() {
				if n := env.e.Count(""); n != 0 {
					t.Errorf("%s: a configuration error sent %d requests", tt.name, n)
				}
				env.step()
			},
			Config: env.provider(regionAndProject, `  token = "`+emulator.DefaultToken+`"`) + threeReads,
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}

// tenant_id and tenant_name stand for project_id and project_name;
// agency_name with agency_domain_name is one IAM hop; the arguments that
// only shape resources are accepted with a warning.
func TestOfficialAliasesAndAgency(t *testing.T) {
	env := newCredEnv(t, emulator.Config{Region: "ap-southeast-1"})
	keys := []string{`  access_key = "` + emulator.DefaultAccessKey + `"`, `  secret_key = "` + emulator.DefaultSecretKey + `"`}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.step,
				Config:    env.provider(append(keys, `  region = "ap-southeast-1"`, `  tenant_id = "`+project+`"`)...) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the block's access key", is(emulator.DefaultAccessKey), false),
					checkExchanges(func() error {
						if n := env.e.Count("/v3/projects"); n != 0 {
							return fmt.Errorf("%d project lookups; tenant_id should be the project", n)
						}
						return nil
					})),
			},
			{
				// The region is not the emulator's: only tenant_name finds
				// the project.
				PreConfig: env.step,
				Config:    env.provider(append(keys, `  region = "cn-north-4"`, `  tenant_name = "ap-southeast-1"`)...) + threeReads,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.readsSignedBy("the block's access key", is(emulator.DefaultAccessKey), false),
					checkExchanges(func() error {
						for _, r := range env.e.Requests() {
							if r.Path == "/v3/projects" && r.Query.Get("name") != "ap-southeast-1" {
								return fmt.Errorf("the project was looked up as %q, want ap-southeast-1", r.Query.Get("name"))
							}
						}
						if n := env.e.Count("/v3/projects"); n != 1 {
							return fmt.Errorf("%d project lookups, want 1", n)
						}
						return nil
					})),
			},
			{
				PreConfig: env.step,
				// delegated_project names the project, looked up with the
				// agency's credentials.
				Config: env.provider(append(keys, `  region = "cn-north-4"`, `  agency_name = "ops"`, `  agency_domain_name = "acme"`,
					`  delegated_project = "ap-southeast-1"`, `  default_tags = { team = "jobs" }`, `  ignore_tags = ["owner"]`,
					`  enable_force_new = true`, `  regional = true`, `  skip_check_upgrade = true`, `  skip_check_website_type = true`)...) + threeReads,
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
					}),
					checkExchanges(func() error {
						var lookups []string
						for _, r := range env.e.Requests() {
							if r.Path == "/v3/projects" {
								lookups = append(lookups, r.Query.Get("name")+" by "+signer(r))
							}
						}
						if len(lookups) != 1 || !strings.HasPrefix(lookups[0], "ap-southeast-1 by TMPAK") {
							return fmt.Errorf("project lookups %v, want one of ap-southeast-1 signed by the agency's credentials", lookups)
						}
						return nil
					}),
					env.logHas("Argument Does Nothing Here",
						"default_tags shapes the resources of the official huaweicloud provider; hwcjobs only reads jobs, so it is accepted and does nothing.",
						"ignore_tags shapes the resources", "enable_force_new shapes the resources", "regional shapes the resources",
						"skip_check_upgrade shapes the resources", "skip_check_website_type shapes the resources")),
			},
		},
	})
}

// A KooCLI profile's projectId belongs to its region: with another region
// in use, the project is looked up for that region instead.
func TestProfileOfAnotherRegion(t *testing.T) {
	env := newCredEnv(t, emulator.Config{Region: "ap-southeast-1"})
	doc := map[string]any{"current": "dev", "profiles": []any{map[string]any{
		"name": "dev", "mode": "AKSK", "accessKeyId": emulator.DefaultAccessKey, "secretAccessKey": emulator.DefaultSecretKey,
		"region": "cn-north-4", "projectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
	}}}
	raw, _ := json.Marshal(doc)
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: env.step,
			Config:    env.provider(fmt.Sprintf(`  shared_config_file = %q`, file), `  region = "ap-southeast-1"`) + threeReads,
			Check: resource.ComposeAggregateTestCheckFunc(
				env.readsSignedBy("the profile's access key", is(emulator.DefaultAccessKey), false),
				checkExchanges(func() error {
					if n := env.e.Count("/v3/projects"); n != 1 {
						return fmt.Errorf("%d project lookups, want 1 for ap-southeast-1", n)
					}
					for _, r := range env.cseRequests() {
						if !strings.HasPrefix(r.Path, "/v2/"+project+"/") {
							return fmt.Errorf("CSE request %s, want the project of ap-southeast-1, %s", r.Path, project)
						}
					}
					return nil
				})),
		}},
	})
}

// HW_ASSUME_ROLE_IDP_ID does not replace keys written in the block: the
// OIDC exchange of the variables is not made, with a warning.
func TestOIDCVariablesDoNotReplaceBlockKeys(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	t.Setenv("HW_ASSUME_ROLE_IDP_ID", "ci-idp")
	t.Setenv("HW_ASSUME_ROLE_ID_TOKEN", "eyJ-not-used")
	t.Setenv("HW_ASSUME_ROLE_DOMAIN_ID", acmeID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: env.step,
			Config: env.provider(regionAndProject, `  access_key = "`+emulator.DefaultAccessKey+`"`,
				`  secret_key = "`+emulator.DefaultSecretKey+`"`) + threeReads,
			Check: resource.ComposeAggregateTestCheckFunc(
				env.readsSignedBy("the block's access key", is(emulator.DefaultAccessKey), false),
				checkExchanges(func() error {
					if xs := env.exchanges(""); len(xs) != 0 {
						return fmt.Errorf("exchanges %+v, want none", xs)
					}
					return nil
				}),
				env.logHas("OIDC Variables Not Used", "HW_ASSUME_ROLE_IDP_ID is set, but the provider block gives credentials, which win over variables")),
		}},
	})
}

// cacert_file trusts the certificate authority of an endpoint, given as a
// file or as PEM text.
func TestCACertFile(t *testing.T) {
	e := emulator.New(emulator.Config{})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	srv := httptest.NewUnstartedServer(e)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, []byte(ca), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another authority, which did not sign the endpoint's certificate.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "another CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.pem")
	if err := os.WriteFile(other, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(extra ...string) string { return acctest.ProviderConfig(e, srv.URL, extra...) + engineJobs }
	read := resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_jobs.a", "jobs.0.status", "Finished")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(fmt.Sprintf("  cacert_file = %q", file)), Check: read},
			{Config: config(fmt.Sprintf("  cacert_file = <<EOT\n%sEOT", ca)), Check: read},
			{
				PreConfig: func() { t.Setenv("OS_CACERT", file) },
				Config:    config(),
				Check:     read,
			},
			{
				// The argument wins over OS_CACERT.
				Config:      config(fmt.Sprintf("  cacert_file = %q", other)),
				ExpectError: acctest.ErrorTexts("Untrusted Certificate", "x509: certificate signed by unknown authority"),
			},
		},
	})
}

// cert and key present a client certificate to an endpoint that asks for
// one; without them its handshake fails.
func TestClientCertificate(t *testing.T) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "client CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	clientKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	clientDER, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "hwcjobs"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}},
		ca, &clientKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(clientKey)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
	_ = os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: clientDER}), 0o600)
	_ = os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)

	e := emulator.New(emulator.Config{})
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	srv := httptest.NewUnstartedServer(e)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}
	srv.TLS.ClientCAs.AddCert(ca)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	serverCA := filepath.Join(dir, "server-ca.pem")
	_ = os.WriteFile(serverCA, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)

	config := func(extra ...string) string {
		return acctest.ProviderConfig(e, srv.URL, append([]string{fmt.Sprintf("  cacert_file = %q\n  max_retries = 0", serverCA)}, extra...)...) + engineJobs
	}
	read := resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_jobs.a", "jobs.0.status", "Finished")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(fmt.Sprintf("  cert = %q\n  key = %q", certFile, keyFile)), Check: read},
			{
				PreConfig: func() { t.Setenv("OS_CERT", certFile); t.Setenv("OS_KEY", keyFile) },
				Config:    config(),
				Check:     read,
			},
			{
				PreConfig:   func() { t.Setenv("OS_CERT", ""); t.Setenv("OS_KEY", "") },
				Config:      config(),
				ExpectError: acctest.ErrorTexts("Reading the job list of CSE engine engine-a failed", "certificate required"),
			},
		},
	})
}

// Reads with a short timeouts.read that end while the credentials are being
// fetched fail alone: the read beside them that shares the fetch gets the
// credentials (SPEC rev. 3, "Requests"). The metadata service answers only
// once the short reads have failed, as the provider's log shows.
func TestShortReadsBesideALongOneShareTheFetch(t *testing.T) {
	env := newCredEnv(t, emulator.Config{})
	const shortReads = 9
	failedReads := func() int {
		raw, _ := os.ReadFile(env.log)
		return strings.Count(string(raw), "Response contains error diagnostic")
	}
	var held atomic.Int32
	metadata := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/openstack/latest/securitykey" {
			held.Add(1)
			for failedReads() < shortReads && r.Context().Err() == nil {
				time.Sleep(10 * time.Millisecond)
			}
		}
		env.e.ServeHTTP(w, r)
	}))
	t.Cleanup(metadata.Close)
	var reads strings.Builder
	for i := range shortReads {
		fmt.Fprintf(&reads, "data \"hwcjobs_cse_engine_job\" \"short%d\" {\n  engine_id = \"engine-a\"\n  job_id = \"1\"\n  timeouts = { read = \"1s\" }\n}\n", i)
	}
	reads.WriteString("data \"hwcjobs_cse_engine_job\" \"long\" {\n  engine_id = \"engine-a\"\n  job_id = \"1\"\n}\n")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: env.step,
			Config: fmt.Sprintf(`
provider "hwcjobs" {
%s
  endpoints = { cse = %q, metadata = %q }
}
`, regionAndProject, env.url, metadata.URL) + reads.String(),
			ExpectError: acctest.ErrorText("data.hwcjobs_cse_engine_job.short"),
		}},
	})
	if n := failedReads(); n != shortReads {
		t.Errorf("%d reads failed, want the %d short ones", n, shortReads)
	}
	if n := held.Load(); n != 1 {
		t.Errorf("%d metadata requests, want the 1 shared fetch", n)
	}
	reqs := env.cseRequests()
	if len(reqs) != 1 || reqs[0].Status != http.StatusOK || !env.issuedBy("metadata")(signer(reqs[0])) {
		t.Errorf("CSE requests %+v, want the long read's, answered 200 and signed with the metadata service's credentials", reqs)
	}
}
