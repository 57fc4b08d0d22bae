package cse_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// A wait ends at once, with its own error and never at timeouts.read, when
// no later poll would do better: a first poll that fails (after the client's
// retries), an unknown host, a body that turns into something that is not
// the API's JSON. Failures of the moment after a first poll that worked are
// waited through. Every wait here has timeouts.read = "10m": reaching it
// would time the test out.
func TestEngineJobHopelessWaits(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.AddCSEJob("engine", emulator.CSEJob{ID: 1, Type: "Configure", Status: "Executing"})
	e.AddCSEJob("engine", emulator.CSEJob{ID: 2, Type: "Configure", Progress: emulator.Progress{Statuses: []string{"Executing", "Executing", "Finished"}}})
	e.AddCSEJob("engine", emulator.CSEJob{ID: 3, Type: "Configure", Progress: emulator.Progress{Statuses: []string{"Executing", "Executing", "Finished"}}})
	// No retries by the client: the wait sees every failure.
	provider := acctest.ProviderConfig(e, url, "  max_retries = 0")
	waitFor := func(provider, jobID string) string {
		return jobConfig(provider, `engine_id = "engine"`, `job_id = "`+jobID+`"`, `wait_for_completion = true`,
			`poll_interval = "100ms"`, `timeouts = { read = "10m" }`)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A first poll that fails ends the wait, even with an error
				// that a later poll might not see.
				PreConfig: func() {
					e.Reset()
					e.Inject(emulator.Fault{Path: showPath("engine", "1"), Status: 503, Times: 1})
				},
				Config: waitFor(provider, "1"),
				ExpectError: diagnostic("API Error", "Reading CSE engine job 1 of engine engine failed. CSE GET "+showPath("engine", "1")+
					": HTTP 503 Service Unavailable: CSE.00503000: Service Unavailable (injected by the emulator)"),
			},
			{
				// After a first poll that worked, a 503 is waited through:
				// Executing, 503, Executing, Finished.
				PreConfig: func() {
					acctest.ExpectRequests(t, e, showPath("engine", "1"), 1)()
					e.Inject(emulator.Fault{Path: showPath("engine", "2"), Status: 503, EveryNth: 2, Times: 1})
				},
				Config: waitFor(provider, "2"),
				Check:  acctest.CheckRequests(e, showPath("engine", "2"), 4),
				ConfigStateChecks: acctest.Attributes(jobAddress, map[string]knownvalue.Check{
					"status": knownvalue.StringExact("Finished"),
				}),
			},
			{
				// A body that turns into something that is not the API's JSON
				// after the first poll ends the wait at once.
				PreConfig: func() {
					e.Reset()
					e.Stub(emulator.Stub{Path: showPath("engine", "3"), Bodies: []string{
						`{"id": 3, "engineId": "engine", "type": "Configure", "status": "Executing", "tasks": []}`,
						"<html><body>502 Bad Gateway</body></html>",
					}})
				},
				Config: waitFor(provider, "3"),
				ExpectError: diagnostic("Invalid API Response", "Reading CSE engine job 3 of engine engine failed: the answer could not be read. "+
					"CSE GET "+showPath("engine", "3")+": HTTP 200 with a response that is not valid JSON: invalid character '<' looking for beginning of value"),
			},
			{
				// So does one with a value the decoder rejects.
				PreConfig: func() {
					acctest.ExpectRequests(t, e, showPath("engine", "3"), 2)()
					e.Stub(emulator.Stub{Path: showPath("engine", "3"), Bodies: []string{
						`{"id": 3, "engineId": "engine", "type": "Configure", "status": "Executing", "tasks": []}`,
						`{"id": 3, "engineId": "engine", "type": "Configure", "status": {"phase": "Executing"}, "tasks": []}`,
					}})
				},
				Config: waitFor(provider, "3"),
				ExpectError: diagnostic("Invalid API Response", "Reading CSE engine job 3 of engine engine failed: the answer could not be read. "+
					"CSE GET "+showPath("engine", "3")+": HTTP 200 with valid JSON holding a value the provider cannot read: json: cannot unmarshal object"),
			},
			{
				// A host that does not exist: the client's own error, at
				// once, and nothing about the wait.
				PreConfig: acctest.ExpectRequests(t, e, showPath("engine", "3"), 2),
				Config: waitFor(`
provider "hwcjobs" {
  region      = "cn-north-4"
  access_key  = "test-ak"
  secret_key  = "test-sk"
  project_id  = "`+emulator.DefaultProjectID+`"
  endpoints   = { cse = "http://nonexistent.invalid" }
}
`, "1"),
				ExpectError: regexp.MustCompile(`Error: Unknown Host(?s:.*)Reading CSE engine job 1 of engine engine failed: the host of the CSE\s+` +
					`endpoint does not exist(?s:.*)lookup nonexistent\.invalid`),
			},
		},
	})
}
