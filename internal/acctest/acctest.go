// Package acctest runs acceptance tests of hwcjobs: the real terraform CLI,
// through terraform-plugin-testing, against the provider in-process and the
// emulator on 127.0.0.1.
package acctest

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// ProviderFactories serve the provider in-process, with retry waits short
// enough for tests.
var ProviderFactories = Factories()

// NoMetadata is the ECS metadata service of tests that do not give
// endpoints.metadata: a closed port, so that a test without credentials
// fails at once instead of asking 169.254.169.254.
const NoMetadata = "http://127.0.0.1:1"

// Factories serve the provider in-process, with retry waits short enough for
// tests, the metadata service at NoMetadata unless endpoints.metadata is
// set, and opts applied last.
func Factories(opts ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	all := append([]provider.Option{func(c *client.Config) {
		c.RetryWaitMin, c.RetryWaitMax = 10*time.Millisecond, 50*time.Millisecond
		if _, ok := c.Endpoints[client.Metadata]; !ok {
			u, _ := url.Parse(NoMetadata)
			c.Endpoints = maps.Clone(c.Endpoints)
			if c.Endpoints == nil {
				c.Endpoints = map[client.Service]*url.URL{}
			}
			c.Endpoints[client.Metadata] = u
		}
	}}, opts...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hwcjobs": provider.NewServer("test", all...),
	}
}

// Setup prepares the process for acceptance tests: the local terraform CLI
// (never a download), no checkpoint calls, and no HW_* variable of the
// developer's environment. Call it from TestMain.
func Setup() {
	must(os.Setenv("CHECKPOINT_DISABLE", "1"))
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance tests need the terraform CLI: put it on PATH or set TF_ACC_TERRAFORM_PATH")
			os.Exit(1)
		}
		must(os.Setenv("TF_ACC_TERRAFORM_PATH", path))
	}
	if os.Getenv("TF_ACC") == "" {
		for _, kv := range os.Environ() {
			if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "HW_") {
				must(os.Unsetenv(k))
			}
		}
	}
}

// must stops the test binary on an error of the environment's setup.
func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "setting up the acceptance tests:", err)
		os.Exit(1)
	}
}

// Emulator starts an emulator with the default test credentials.
func Emulator(t *testing.T) (*emulator.Emulator, string) {
	t.Helper()
	return emulator.Start(t, emulator.Config{})
}

// ProviderConfig is a provider block that sends every service to url with
// the emulator's credentials. extra lines go inside the block.
func ProviderConfig(e *emulator.Emulator, url string, extra ...string) string {
	cfg := e.Config()
	var ak, sk string
	for ak, sk = range cfg.Keys {
		break
	}
	return fmt.Sprintf(`
provider "hwcjobs" {
  region     = %q
  access_key = %q
  secret_key = %q
  project_id = %q
  endpoints = {
    cse          = %[5]q
    dlf          = %[5]q
    cce          = %[5]q
    servicestage = %[5]q
    iam          = %[5]q
  }
%s
}
`, cfg.Region, ak, sk, cfg.ProjectID, url, strings.Join(extra, "\n"))
}

// ErrorText matches a phrase in terraform's output, which wraps long lines.
func ErrorText(phrase string) *regexp.Regexp {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// ErrorTexts matches phrases that appear in this order in terraform's
// output, such as a diagnostic's summary and then parts of its detail.
func ErrorTexts(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = ErrorText(p).String()
	}
	return regexp.MustCompile(strings.Join(parts, `(?s:.*?)`))
}

// ExpectOffsets checks that the requests to exactly path since the last
// Reset asked for these offsets, each as often, in any order: pages read in
// parallel arrive in an order of their own.
func ExpectOffsets(e *emulator.Emulator, path string, offsets []int) func(*terraform.State) error {
	return func(*terraform.State) error {
		var got []int
		for _, r := range e.Requests() {
			if r.Path == path {
				n, err := strconv.Atoi(r.Query.Get("offset"))
				if err != nil {
					return fmt.Errorf("request with offset %q", r.Query.Get("offset"))
				}
				got = append(got, n)
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(offsets))) {
			return fmt.Errorf("%d requests to %s at offsets %v, want %d at %v", len(got), path, got, len(offsets), offsets)
		}
		return nil
	}
}

// CheckRequests checks that the emulator logged want requests to exactly
// path since its last Reset: the polls of a step's read.
func CheckRequests(e *emulator.Emulator, path string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := requests(e, path); got != want {
			return fmt.Errorf("%d requests to %s, want %d", got, path, want)
		}
		return nil
	}
}

// ExpectRequests is CheckRequests as the PreConfig of the step after one
// that expected an error, whose checks do not run; it then resets the log.
func ExpectRequests(t *testing.T, e *emulator.Emulator, path string, want int) func() {
	return func() {
		t.Helper()
		if got := requests(e, path); got != want {
			t.Errorf("%d requests to %s, want %d", got, path, want)
		}
		e.Reset()
	}
}

func requests(e *emulator.Emulator, path string) int {
	n := 0
	for _, r := range e.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Attributes checks attributes of one data source, in a stable order (a
// map's is random).
func Attributes(address string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	names := slices.Sorted(maps.Keys(want))
	checks := make([]statecheck.StateCheck, len(names))
	for i, name := range names {
		checks[i] = statecheck.ExpectKnownValue(address, tfjsonpath.New(name), want[name])
	}
	return checks
}
