package cse_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The acceptance tests run the real terraform CLI against the provider
// in-process and the emulator on 127.0.0.1.
//
// Request counts: terraform-plugin-testing plans (which reads every data
// source once), applies that saved plan (which reads nothing again), runs the
// step's checks, and only then plans again for the empty-plan check. So a
// step that resets the emulator's request log in PreConfig sees exactly one
// read of each data source in its checks.

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

const (
	listAddress = "data.hwcjobs_cse_engine_jobs.test"
	jobAddress  = "data.hwcjobs_cse_engine_job.test"
)

// jobsConfig is the provider block and a hwcjobs_cse_engine_jobs "test" with
// the given argument lines.
func jobsConfig(provider string, args ...string) string {
	return provider + dataSource("hwcjobs_cse_engine_jobs", "test", args...)
}

// jobConfig is the provider block and a hwcjobs_cse_engine_job "test" with
// the given argument lines.
func jobConfig(provider string, args ...string) string {
	return provider + dataSource("hwcjobs_cse_engine_job", "test", args...)
}

func dataSource(typ, name string, args ...string) string {
	return fmt.Sprintf("data %q %q {\n  %s\n}\n", typ, name, strings.Join(args, "\n  "))
}

// listPath and showPath are the URL paths of the two APIs in the emulator's
// default project.
func listPath(engineID string) string {
	return "/v2/" + emulator.DefaultProjectID + "/enginemgr/engines/" + engineID + "/jobs"
}

func showPath(engineID, jobID string) string { return listPath(engineID) + "/" + jobID }

// sentQueries checks the queries of the requests to exactly path since the
// last Reset, in order, each encoded with sorted keys ("limit=100&offset=0").
// It shows both what was asked and that nothing else was sent.
func sentQueries(e *emulator.Emulator, path string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := []string{}
		for _, r := range e.Requests() {
			if r.Path == path {
				got = append(got, r.Query.Encode())
			}
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("requests to %s had the queries %q, want %q", path, got, want)
		}
		return nil
	}
}

// withIDs is a list of objects (jobs or tasks) with exactly these ids, in
// this order.
func withIDs(ids ...string) knownvalue.Check {
	objects := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		objects[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return knownvalue.ListExact(objects)
}

// placeholders stand in a diagnostic's expected text for the parts that vary
// from run to run.
var placeholders = map[string]string{
	"<request-id>": `[0-9a-f]{32}`, // the emulator's X-Request-Id
	"<duration>":   `[0-9.]+m?s`,
	"<number>":     `[0-9]+`,
}

// diagnostic matches an error diagnostic's summary and detail in terraform's
// output, which wraps long lines at any space.
func diagnostic(summary, detail string) *regexp.Regexp {
	words := strings.Fields(detail)
	for i, w := range words {
		w = regexp.QuoteMeta(w)
		for placeholder, pattern := range placeholders {
			w = strings.ReplaceAll(w, regexp.QuoteMeta(placeholder), pattern)
		}
		words[i] = w
	}
	return regexp.MustCompile(`Error: ` + acctest.ErrorText(summary).String() + `(?s:.*?)` + strings.Join(words, `\s+`))
}
