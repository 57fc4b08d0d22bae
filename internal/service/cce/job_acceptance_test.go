package cce_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

const jobAddress = "data.hwcjobs_cce_job.test"

func showPath(jobID string) string {
	return "/api/v3/projects/" + emulator.DefaultProjectID + "/jobs/" + jobID
}

func jobConfig(provider string, args ...string) string {
	return provider + fmt.Sprintf("data \"hwcjobs_cce_job\" \"test\" {\n  %s\n}\n", strings.Join(args, "\n  "))
}

// The fact sheet's example, byte for byte, becomes exactly these
// attributes, with one request when not waiting.
func TestAccCCEJobExample(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.LoadExamples()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config:    jobConfig(acctest.ProviderConfig(e, baseURL), `job_id = "`+emulator.ExampleCCEJobID+`"`),
			Check:     acctest.CheckRequests(e, showPath(emulator.ExampleCCEJobID), 1),
			ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
				"job_id":              knownvalue.StringExact(emulator.ExampleCCEJobID),
				"wait_for_completion": knownvalue.Null(),
				"fail_on_error":       knownvalue.Null(),
				"poll_interval":       knownvalue.Null(),
				"timeouts":            knownvalue.Null(),
				"id":                  knownvalue.StringExact(emulator.ExampleCCEJobID),
				"kind":                knownvalue.StringExact("Job"),
				"api_version":         knownvalue.StringExact("v3"),
				"type":                knownvalue.StringExact("CreateNode"),
				"cluster_id":          knownvalue.StringExact("9c1e7d52-8d4d-11ef-9b2a-0255ac100b05"),
				"resource_id":         knownvalue.StringExact(""),
				"resource_name":       knownvalue.StringExact(""),
				"extend_params":       knownvalue.MapExact(map[string]knownvalue.Check{}),
				"status":              knownvalue.StringExact("Failed"),
				"reason":              knownvalue.StringExact("sub job InstallNode failed"),
				"created_at":          knownvalue.StringExact("2025-06-02T08:11:42.114358Z"),
				"updated_at":          knownvalue.StringExact("2025-06-02T08:17:09.600211Z"),
				"completed_at":        knownvalue.Null(),
				"done":                knownvalue.Bool(true),
				"succeeded":           knownvalue.Bool(false),
				"sub_jobs": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":            knownvalue.StringExact("61aa0c1e-8d4e-11ef-9b2a-0255ac100b05"),
					"parent_id":     knownvalue.StringExact(emulator.ExampleCCEJobID),
					"kind":          knownvalue.StringExact("Job"),
					"api_version":   knownvalue.StringExact("v3"),
					"type":          knownvalue.StringExact("InstallNode"),
					"cluster_id":    knownvalue.StringExact("9c1e7d52-8d4d-11ef-9b2a-0255ac100b05"),
					"resource_id":   knownvalue.StringExact("0b0f4cc1-8d4e-11ef-9b2a-0255ac100b05"),
					"resource_name": knownvalue.StringExact("pool-a-node-01"),
					"extend_params": knownvalue.Null(),
					"status":        knownvalue.StringExact("Failed"),
					"reason":        knownvalue.StringExact("install kubelet timeout"),
					"created_at":    knownvalue.StringExact("2025-06-02T08:11:42.2Z"),
					"updated_at":    knownvalue.StringExact("2025-06-02T08:17:09.5Z"),
					"completed_at":  knownvalue.Null(),
					"done":          knownvalue.Bool(true),
					"succeeded":     knownvalue.Bool(false),
				})}),
			}),
		}},
	})
}

// waitingJob is a CreateNode job whose sub-jobs finish before it, one status
// per poll: CreateServer, then InstallNode (nested under it) ends with last.
func waitingJob(uid string, last, reason string) emulator.CCEJob {
	return emulator.CCEJob{
		UID: uid, Type: "CreateNode", ResourceName: "node-7", Reason: reason,
		Progress: emulator.Progress{Statuses: []string{"Initializing", "Running", "Running", last}},
		SubJobs: []emulator.CCEJob{{
			UID: uid + "-server", Type: "CreateServer", ResourceName: "node-7",
			Progress: emulator.Progress{Statuses: []string{"Running", "Success"}},
			SubJobs: []emulator.CCEJob{{
				UID: uid + "-install", Type: "InstallNode", ResourceName: "node-7", Reason: "install kubelet timeout",
				Progress: emulator.Progress{Statuses: []string{"Initializing", "Running", last}},
			}},
		}, {
			UID: uid + "-label", Type: "LabelNode", ResourceName: "node-7", Reason: "label sync failed",
			Progress: emulator.Progress{Statuses: []string{"Running", last}},
		}},
	}
}

// wait_for_completion polls until the job is terminal, the sub-jobs as they
// are then; a failed job fails the read with the failed sub-jobs' reasons,
// deepest first, then its own; fail_on_error = false reads it instead.
func TestAccCCEJobWait(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.AddCCEJob(waitingJob("ok", "Success", ""))
	e.AddCCEJob(waitingJob("bad", "Failed", "sub job InstallNode failed"))
	e.AddCCEJob(waitingJob("read", "Failed", "sub job InstallNode failed"))
	provider := acctest.ProviderConfig(e, baseURL)
	waitFor := func(id string, extra ...string) string {
		return jobConfig(provider, append([]string{`job_id = "` + id + `"`, `wait_for_completion = true`, `poll_interval = "100ms"`}, extra...)...)
	}
	subStatuses := func(statuses ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(statuses))
		for i, s := range statuses {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"status": knownvalue.StringExact(s)})
		}
		return knownvalue.ListExact(checks)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Initializing, Running, Running, Success: done at the 4th poll.
				PreConfig: e.Reset,
				Config:    waitFor("ok"),
				Check:     acctest.CheckRequests(e, showPath("ok"), 4),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"status":    knownvalue.StringExact("Success"),
					"done":      knownvalue.Bool(true),
					"succeeded": knownvalue.Bool(true),
					"reason":    knownvalue.Null(),
					"sub_jobs":  subStatuses("Success", "Success", "Success"),
				}),
			},
			{
				Config: waitFor("bad"),
				ExpectError: regexp.MustCompile(`Job Failed(?s:.*)` + acctest.ErrorText(
					"CCE job bad ended with status Failed: InstallNode of node-7: install kubelet timeout; "+
						"LabelNode of node-7: label sync failed; sub job InstallNode failed").String()),
			},
			{
				PreConfig: e.Reset,
				Config:    waitFor("read", `fail_on_error = false`),
				Check:     acctest.CheckRequests(e, showPath("read"), 4),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"status":    knownvalue.StringExact("Failed"),
					"reason":    knownvalue.StringExact("sub job InstallNode failed"),
					"succeeded": knownvalue.Bool(false),
					"sub_jobs":  subStatuses("Success", "Failed", "Failed"),
				}),
			},
		},
	})
}

// An unknown job and a job that the API has forgotten since are not found.
func TestAccCCEJobNotFound(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.AddCCEJob(emulator.CCEJob{UID: "purged", Type: "CreateNode", Status: "Running", Purge: emulator.Purge{Polls: 1}})
	provider := acctest.ProviderConfig(e, baseURL)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: jobConfig(provider, `job_id = "nothing"`),
				ExpectError: acctest.ErrorTexts("Not Found", "CCE job nothing was not found.",
					"HTTP 404 Not Found: CCE.01404001: Job nothing not found"),
			},
			{
				// Its first poll reads it; the second finds it gone.
				Config:      jobConfig(provider, `job_id = "purged"`, `wait_for_completion = true`, `poll_interval = "100ms"`),
				ExpectError: acctest.ErrorTexts("Not Found", "CCE job purged was not found.", "set allow_missing = true"),
			},
			{
				// With allow_missing a job the API does not know is found =
				// false, every other attribute null, and a wait on it ends at
				// once.
				PreConfig: e.Reset,
				Config: jobConfig(provider, `job_id = "nothing"`, `allow_missing = true`,
					`wait_for_completion = true`, `poll_interval = "100ms"`),
				Check: acctest.CheckRequests(e, showPath("nothing"), 1),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"found": knownvalue.Bool(false), "id": knownvalue.Null(), "status": knownvalue.Null(),
					"sub_jobs": knownvalue.Null(), "extend_params": knownvalue.Null(), "done": knownvalue.Null(),
					"job_id": knownvalue.StringExact("nothing"),
				}),
			},
		},
	})
}
