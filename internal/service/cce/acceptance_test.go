package cce_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func TestMain(m *testing.M) {
	acctest.Setup()
	os.Exit(m.Run())
}

const (
	exampleJobID = "e43c6f3b-87e6-11f0-be88-0255ac10003f"

	// generatedJobs and generatedDepth shape the jobs of GenerateCCEJobs:
	// job 5 has failed and job 7 is running; each job has two chains of
	// sub-jobs generatedDepth levels deep.
	generatedJobs  = 7
	generatedDepth = 20
)

// The page's example in full, the filters, and deep trees of sub-jobs
// flattened depth-first.
func TestAccCCEJobs(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	e.GenerateCCEJobs(generatedJobs, generatedDepth)
	provider := acctest.ProviderConfig(e, baseURL)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "hwcjobs_cce_jobs" "all" {}

data "hwcjobs_cce_jobs" "by_cluster" {
  cluster_id = "c0000001-83db-11f0-8baa-0255ac10003e"
}

data "hwcjobs_cce_jobs" "by_type" {
  type = "ScaleupCluster"
}

# The status filter ignores case.
data "hwcjobs_cce_jobs" "by_status" {
  status = "failed"
}

data "hwcjobs_cce_jobs" "by_resource" {
  resource_id = "3b4410fa-87e6-11f0-be88-0255ac10003f"
}

data "hwcjobs_cce_jobs" "all_filters" {
  cluster_id  = "c0000001-83db-11f0-8baa-0255ac10003e"
  type        = "ScaleupCluster"
  status      = "RUNNING"
  resource_id = "` + generatedUID(7, 0, 9) + `"
}

data "hwcjobs_cce_jobs" "none" {
  type   = "CreateCluster"
  status = "Failed"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("all", "id", knownvalue.StringExact("df3f619804a92fdb")),
				expect("all", "jobs", jobIDs(exampleJobID, generated(1), generated(2), generated(3),
					generated(4), generated(5), generated(6), generated(7))),
				expect("all", "jobs", knownvalue.ListPartial(map[int]knownvalue.Check{
					0: exampleJob(),
					1: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":       knownvalue.StringExact(generated(1)),
						"sub_jobs": generatedSubJobs(1),
					}),
					5: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":        knownvalue.StringExact(generated(5)),
						"status":    knownvalue.StringExact("Failed"),
						"done":      knownvalue.Bool(true),
						"succeeded": knownvalue.Bool(false),
						// The failure is in the second chain, so its first
						// sub-job leads the second half of the list.
						"sub_jobs": knownvalue.ListPartial(map[int]knownvalue.Check{generatedDepth: failedSubJob()}),
					}),
					7: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":           knownvalue.StringExact(generated(7)),
						"status":       knownvalue.StringExact("Running"),
						"completed_at": knownvalue.Null(),
						"done":         knownvalue.Bool(false),
						"succeeded":    knownvalue.Bool(false),
						"sub_jobs":     generatedSubJobs(7),
					}),
				})),
				expect("by_cluster", "jobs", jobIDs(generated(1), generated(4), generated(7))),
				expect("by_type", "jobs", jobIDs(exampleJobID, generated(2), generated(7))),
				expect("by_status", "jobs", jobIDs(exampleJobID, generated(5))),
				expect("by_resource", "jobs", jobIDs(exampleJobID)),
				expect("all_filters", "jobs", jobIDs(generated(7))),
				expect("none", "jobs", knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// A list the API breaks off and credentials it refuses end the read with a
// diagnostic that says so.
func TestAccCCEJobsErrors(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	e.Inject(emulator.Fault{Path: "/api/v2/", Truncate: true})
	// An account that knows another secret for the same access key.
	_, refusingURL := emulator.Start(t, emulator.Config{Keys: map[string]string{emulator.DefaultAccessKey: "rotated-secret"}})
	const config = `data "hwcjobs_cce_jobs" "all" {}`

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderConfig(e, baseURL) + config,
				ExpectError: acctest.ErrorTexts("Invalid API Response",
					"Reading the CCE job list failed: the answer could not be read."),
			},
			{
				Config: acctest.ProviderConfig(e, refusingURL) + config,
				ExpectError: acctest.ErrorTexts("Credentials Refused",
					"CCE refused the credentials while reading the CCE job list.",
					"HTTP 401 Unauthorized: APIGW.0301"),
			},
		},
	})
}

// expect checks an attribute of data.hwcjobs_cce_jobs.<name>.
func expect(name, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.hwcjobs_cce_jobs."+name, tfjsonpath.New(attribute), want)
}

// jobIDs is a list of jobs with these ids, in this order.
func jobIDs(ids ...string) knownvalue.Check {
	jobs := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		jobs[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return knownvalue.ListExact(jobs)
}

// generatedUID is the uid that GenerateCCEJobs gives to job i (branch and
// level 0), its sub-jobs (branch 1 or 2, level 1 to the depth) and its
// resource (level 9).
func generatedUID(i, branch, level int) string {
	return fmt.Sprintf("%08x-%04x-11f0-%04x-0255ac10003f", i, branch, level)
}

func generated(i int) string { return generatedUID(i, 0, 0) }

// generatedSubJobs are the sub-jobs of generated job i in depth-first order:
// the first chain from the top down to the depth, then the second; each
// sub-job's parent is the one above it in its chain, or the job.
func generatedSubJobs(i int) knownvalue.Check {
	types := []string{"CreateNode", "InstallNode", "ConfigureNode", "CheckNode"}
	var subJobs []knownvalue.Check
	for branch := 1; branch <= 2; branch++ {
		for level := 1; level <= generatedDepth; level++ {
			parent := generatedUID(i, branch, level-1)
			if level == 1 {
				parent = generated(i)
			}
			subJobs = append(subJobs, knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id":        knownvalue.StringExact(generatedUID(i, branch, level)),
				"parent_id": knownvalue.StringExact(parent),
				"type":      knownvalue.StringExact(types[(level-1)%len(types)]),
			}))
		}
	}
	return knownvalue.ListExact(subJobs)
}

// exampleJob is the job of the API page's example, every attribute.
func exampleJob() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":            knownvalue.StringExact(exampleJobID),
		"kind":          knownvalue.StringExact("Job"),
		"api_version":   knownvalue.StringExact("v2"),
		"type":          knownvalue.StringExact("ScaleupCluster"),
		"cluster_id":    knownvalue.StringExact("7ec8b73d-83db-11f0-8baa-0255ac10003e"),
		"resource_id":   knownvalue.StringExact("3b4410fa-87e6-11f0-be88-0255ac10003f"),
		"resource_name": knownvalue.StringExact("node-iv28j9"),
		"extend_params": knownvalue.MapExact(map[string]knownvalue.Check{
			"claimrollback": knownvalue.StringExact("true"),
			"node.zone":     knownvalue.StringExact(""),
			"nodepooluid":   knownvalue.StringExact(""),
			"orderID":       knownvalue.StringExact("CS25090218238EI5V"),
			"v3-scaleup":    knownvalue.StringExact("true"),
		}),
		"status": knownvalue.StringExact("Failed"),
		"reason": knownvalue.StringExact("Something bad happened at server, recycle resource"),
		// "2025-09-02 10:23:38.987955 +0000 UTC" and so on.
		"created_at":   knownvalue.StringExact("2025-09-02T10:23:38.987955Z"),
		"updated_at":   knownvalue.StringExact("2025-09-02T11:26:03.218087Z"),
		"completed_at": knownvalue.StringExact("2025-09-02T11:26:03.218087Z"),
		"done":         knownvalue.Bool(true),
		"succeeded":    knownvalue.Bool(false),
		"sub_jobs":     knownvalue.ListExact([]knownvalue.Check{}),
	})
}

// failedSubJob is the first sub-job of the second chain of generated job 5,
// which carries the job's failure, every attribute.
func failedSubJob() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":            knownvalue.StringExact(generatedUID(5, 2, 1)),
		"parent_id":     knownvalue.StringExact(generated(5)),
		"kind":          knownvalue.StringExact("Job"),
		"api_version":   knownvalue.StringExact("v2"),
		"type":          knownvalue.StringExact("CreateNode"),
		"cluster_id":    knownvalue.StringExact("c0000002-83db-11f0-8baa-0255ac10003e"),
		"resource_id":   knownvalue.StringExact(generatedUID(5, 0, 9)),
		"resource_name": knownvalue.StringExact("resource-5-2-1"),
		"extend_params": knownvalue.Null(),
		"status":        knownvalue.StringExact("Failed"),
		"reason":        knownvalue.StringExact("generated failure of job 5: node install timed out"),
		// The job was created at 08:05:00.000005, its sub-jobs a second
		// per level later.
		"created_at":   knownvalue.StringExact("2024-01-01T08:05:01.000005Z"),
		"updated_at":   knownvalue.StringExact("2024-01-01T08:10:00.000005Z"),
		"completed_at": knownvalue.StringExact("2024-01-01T08:10:00.000005Z"),
		"done":         knownvalue.Bool(true),
		"succeeded":    knownvalue.Bool(false),
	})
}
