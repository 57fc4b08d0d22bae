package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

const engineJobs = `
data "hwcjobs_cse_engine_jobs" "a" {
  engine_id = "engine-a"
}
`

// Each configuration error stops the plan with a diagnostic that names the
// argument and the fix, before any request.
func TestConfigurationErrors(t *testing.T) {
	e, url := acctest.Emulator(t)
	endpoints := fmt.Sprintf(`endpoints = { cse = %q, iam = %q }`, url, url)
	tests := []struct {
		name, provider string
		env            map[string]string
		want           string
	}{
		// (rev. 2) The ECS metadata service is the last source, so that no
		// credentials at all is known only once it has failed, at the first
		// read; the tests' metadata service is a closed port.
		{"no credentials", `region = "cn-north-4"`, nil,
			`Missing Credentials.*Reading the job list of CSE engine engine-a needs credentials, and none are configured. Sources tried, in order: ` +
				`1. access_key and secret_key, token, or user_name and password, in the provider block: not set ` +
				`2. a KooCLI profile (shared_config_file, profile, HW_SHARED_CONFIG_FILE, HW_PROFILE): not set ` +
				`3. HW_ACCESS_KEY and HW_SECRET_KEY, HW_AUTH_TOKEN, or HW_USER_NAME and HW_PASSWORD: not set ` +
				`4. the ECS metadata service (endpoints.metadata, default http://169.254.169.254): see below ` +
				`Set access_key and secret_key (or HW_ACCESS_KEY and HW_SECRET_KEY), or token (or HW_AUTH_TOKEN)`},
		{"access key without secret key", `region = "cn-north-4"
access_key = "ak"`, nil, `Missing Secret Key.*access_key is set but secret_key is not. Set secret_key (or HW_SECRET_KEY)`},
		{"secret key without access key", `region = "cn-north-4"`, map[string]string{"HW_SECRET_KEY": "sk"},
			`Missing Access Key.*secret_key is set but access_key is not. Set access_key (or HW_ACCESS_KEY)`},
		{"security token without access key", `region = "cn-north-4"
token = "t"
security_token = "st"`, nil, `Security Token Without Access Key`},
		{"bad endpoint URL", `region = "cn-north-4"
token = "t"
endpoints = { cse = "cse.example.com" }`, nil,
			`Invalid Endpoint URL.*endpoints.cse is "cse.example.com", which is not a base URL. Give it as https://host[:port][/path]`},
		{"unknown endpoint key", `region = "cn-north-4"
token = "t"
endpoints = { ecss = "https://ecs.example.com" }`, nil,
			`Unknown Endpoint Key.*endpoints has the key "ecss"; the known keys are cse, dlf, cce, servicestage, iam, sts, metadata, ` +
				`ecs, evs, ims, bms, sdrs, deh, eip, rds, gaussdb_mysql, opengauss, dds, geminidb, dcs, elb, dli, mrs ` +
				`(and the official huaweicloud provider's keys for them).`},
		{"a key and its alias", `region = "cn-north-4"
token = "t"
endpoints = { cse = "https://cse.example.com", dlf = "https://dlf.example.com", "dataarts-dlf" = "https://dlf.example.com" }`, nil,
			`Conflicting Endpoint Keys.*endpoints.dataarts-dlf and endpoints.dlf both set the DataArts Studio DLF endpoint (key "dlf" here; the official provider's keys are aliases of it). Keep one.`},
		{"no region to discover the project", `token = "t"`, nil,
			`Missing Region.*region is needed to look up the project from IAM. Set region (or HW_REGION_NAME)`},
		{"no region for a default endpoint", `token = "t"
project_id = "p"
endpoints = { dlf = "https://dlf.example.com" }`, nil,
			`No region is configured, so the CSE endpoint is unknown. Set region (or HW_REGION_NAME), or give the endpoint as endpoints = { cse = "https://..." }.`},
		{"max_retries out of range", `region = "cn-north-4"
token = "t"
max_retries = -1`, nil, `Invalid max_retries.*max_retries is -1; set it to a number from 0 (no retries) to 100.`},
		{"bad HW_MAX_RETRIES", `region = "cn-north-4"
token = "t"`, map[string]string{"HW_MAX_RETRIES": "many"}, `Invalid Environment Variable.*HW_MAX_RETRIES is "many"; set it to a whole number such as 5.`},
		{"project_name with project_id", `region = "cn-north-4"
token = "t"
project_id = "p"
project_name = "cn-north-4_dev"`, nil, `Conflicting Project.*project_name and project_id both name the project; use one.`},
		{"assume_role without domain", `region = "cn-north-4"
token = "t"
assume_role {
  agency_name = "ops"
}`, nil, `Missing Agency Domain.*assume_role[0] needs domain_name (IAM) or domain_id (STS), the account that owns agency "ops"`},
		{"assume_role duration out of range", `region = "cn-north-4"
token = "t"
assume_role {
  agency_name = "ops"
  domain_name = "acme"
  duration    = 100000
}`, nil, `Invalid Duration.*duration is 100000; set it to a number of seconds from 900 (15 minutes) to 86400 (a day).`},
		{"OIDC with both tokens", `region = "cn-north-4"
assume_role_with_oidc {
  agency_name   = "ci"
  domain_id     = "d"
  idp_id        = "idp"
  id_token      = "x"
  id_token_file = "/nonexistent"
}`, nil, `Conflicting OIDC Id Tokens.*id_token and id_token_file are two ways to give the OIDC id token; use one.`},
		{"OIDC without idp", `region = "cn-north-4"
assume_role_with_oidc {
  agency_name = "ci"
  domain_id   = "d"
  id_token    = "x"
}`, nil, `Missing OIDC Argument.*assume_role_with_oidc needs idp_id (or HW_ASSUME_ROLE_IDP_ID).`},
		{"bad HW_INSECURE", `region = "cn-north-4"
token = "t"`, map[string]string{"HW_INSECURE": "maybe"}, `HW_INSECURE is "maybe"; set it to true or false.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			e.Reset()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"hwcjobs\" {\n%s\n%s\n}\n", tt.provider, endpointsUnlessSet(tt.provider, endpoints)) + engineJobs,
					ExpectError: errorPattern(tt.want),
				}},
			})
			if tt.name != "no region for a default endpoint" && e.Count("") != 0 {
				t.Fatalf("a configuration error still sent %d requests", e.Count(""))
			}
		})
	}
}

func endpointsUnlessSet(provider, endpoints string) string {
	if regexp.MustCompile(`endpoints`).MatchString(provider) {
		return ""
	}
	return endpoints
}

// errorPattern matches "Summary.*detail" across terraform's line wrapping.
func errorPattern(s string) *regexp.Regexp {
	summary, detail, ok := regexp.MustCompile(`\.\*`).FindStringIndex(s), "", false
	if summary != nil {
		detail, ok = s[summary[1]:], true
		s = s[:summary[0]]
	}
	if !ok {
		return acctest.ErrorText(s)
	}
	return regexp.MustCompile(acctest.ErrorText(s).String() + `(?s:.*)` + acctest.ErrorText(detail).String())
}

// Arguments win over environment variables, which are used when the
// argument is unset.
func TestArgumentsWinOverEnvironment(t *testing.T) {
	e, url := acctest.Emulator(t)
	cfg := e.Config()
	var ak, sk string
	for ak, sk = range cfg.Keys {
	}
	t.Setenv("HW_ACCESS_KEY", ak)
	t.Setenv("HW_SECRET_KEY", "wrong-secret")
	t.Setenv("HW_PROJECT_ID", cfg.ProjectID)
	t.Setenv("HW_REGION_NAME", cfg.Region)
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The environment's secret is wrong: the signature is refused.
				Config:      fmt.Sprintf("provider \"hwcjobs\" {\n endpoints = { cse = %q }\n}\n", url) + engineJobs,
				ExpectError: acctest.ErrorText("Credentials Refused"),
			},
			{
				// The argument's secret wins over it.
				Config: fmt.Sprintf("provider \"hwcjobs\" {\n secret_key = %q\n endpoints = { cse = %q }\n}\n", sk, url) + engineJobs,
				Check:  resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_jobs.a", "jobs.0.id", "1"),
			},
		},
	})
}

// Without project_id, the project is asked of IAM once per provider, however
// many data sources read; with it, IAM is never asked.
func TestProjectDiscovery(t *testing.T) {
	e, url := acctest.Emulator(t)
	for _, engine := range []string{"engine-a", "engine-b", "engine-c"} {
		e.AddCSEJob(engine, emulator.CSEJob{ID: 7, Type: "Create", Status: "Finished"})
	}
	cfg := e.Config()
	var ak, sk string
	for ak, sk = range cfg.Keys {
	}
	config := func(projectID string) string {
		return fmt.Sprintf(`
provider "hwcjobs" {
  region     = %q
  access_key = %q
  secret_key = %q
  %s
  endpoints  = { cse = %q, iam = %q }
}
data "hwcjobs_cse_engine_jobs" "a" { engine_id = "engine-a" }
data "hwcjobs_cse_engine_jobs" "b" { engine_id = "engine-b" }
data "hwcjobs_cse_engine_job" "c" {
  engine_id = "engine-c"
  job_id    = "7"
}
`, cfg.Region, ak, sk, projectID, url, url)
	}
	counts := func(wantIAM, wantCSE int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if iam, cse := e.Count("/v3/projects"), e.Count("/v2/"); iam != wantIAM || cse != wantCSE {
				return fmt.Errorf("IAM asked %d times (want %d), CSE %d times (want %d)", iam, wantIAM, cse, wantCSE)
			}
			return nil
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Reset,
				Config:    config(""),
				Check: resource.ComposeAggregateTestCheckFunc(
					counts(1, 3),
					resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_job.c", "status", "Finished"),
				),
			},
			{
				PreConfig: e.Reset,
				Config:    config(fmt.Sprintf("project_id = %q", cfg.ProjectID)),
				Check:     counts(0, 3),
			},
		},
	})
}

// project_name looks up that project in IAM instead of the region's own.
func TestProjectName(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.AddCSEJob("engine-a", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	e.Stub(emulator.Stub{Path: "/v3/projects", Query: map[string]string{"name": "cn-north-4_dev"},
		Body: `{"projects":[{"id":"` + project + `","name":"cn-north-4_dev","enabled":true}],"links":{"self":""}}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config: fmt.Sprintf(`
provider "hwcjobs" {
  region       = "cn-north-4"
  project_name = "cn-north-4_dev"
  token        = %q
  endpoints    = { cse = %[2]q, iam = %[2]q }
}
`, emulator.DefaultToken, url) + engineJobs,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.hwcjobs_cse_engine_jobs.a", "jobs.0.id", "1"),
				func(*terraform.State) error {
					for _, r := range e.Requests() {
						if r.Path == "/v3/projects" && r.Query.Get("name") != "cn-north-4_dev" {
							return fmt.Errorf("IAM was asked for project %q", r.Query.Get("name"))
						}
					}
					if e.Count("/v3/projects") == 0 {
						return fmt.Errorf("IAM was not asked")
					}
					return nil
				}),
		}},
	})
}
