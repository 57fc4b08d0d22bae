package cse_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// Every failure of the API is an error diagnostic that says what was being
// read, what the API answered (status, error code and message, X-Request-Id)
// and, where there is one, what to do about it.
func TestErrors(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.LoadExamples()
	e.AddCSEEngine("broken")
	provider := acctest.ProviderConfig(e, url)
	// The emulator knows the default secret key; this account's differs.
	wrongSecret := acctest.ProviderConfig(emulator.New(emulator.Config{
		Keys: map[string]string{emulator.DefaultAccessKey: "not-the-secret-key"},
	}), url)
	example := []string{`engine_id = "` + emulator.ExampleEngineID + `"`, `job_id = "12339"`}

	tests := []struct {
		name   string
		setup  func()
		config string
		want   *regexp.Regexp
	}{
		{
			// The emulator rejects job ids that are not numbers, as CSE does,
			// in the show API's errorCode/errorMessage shape.
			name:   "bad argument",
			config: jobConfig(provider, `engine_id = "broken"`, `job_id = "abc"`),
			want: diagnostic("API Error", "Reading CSE engine job abc of engine broken failed. "+
				"CSE GET "+showPath("broken", "abc")+": HTTP 400 Bad Request: SVCSTG.00501152: Incorrect task ID format. "+
				"(X-Request-Id: <request-id>)"),
		},
		{
			// The list API's error_code/error_msg shape, from a stub.
			name: "bad request",
			setup: func() {
				e.Stub(emulator.Stub{
					Path: listPath("broken"), Status: 400,
					Body:   `{"error_code":"CSE.00400001","error_msg":"Invalid query parameter from-time","detail":"from-time"}`,
					Header: map[string]string{"X-Request-Id": "5f2c3a10e7d84b0c9a6e1f4d2b7c8e90"},
				})
			},
			config: jobsConfig(provider, `engine_id = "broken"`),
			want: diagnostic("API Error", "Reading the job list of CSE engine broken failed. "+
				"CSE GET "+listPath("broken")+": HTTP 400 Bad Request: CSE.00400001: Invalid query parameter from-time "+
				"(X-Request-Id: 5f2c3a10e7d84b0c9a6e1f4d2b7c8e90)"),
		},
		{
			name:   "wrong secret key",
			config: jobConfig(wrongSecret, example...),
			want: diagnostic("Credentials Refused", "CSE refused the credentials while reading CSE engine job 12339 of engine "+
				emulator.ExampleEngineID+". Check access_key and secret_key (or token, security_token, project_id). "+
				"CSE GET "+showPath(emulator.ExampleEngineID, "12339")+": HTTP 401 Unauthorized: APIGW.0301: "+
				"Incorrect IAM authentication information: verify aksk signature fail: signature does not match "+
				"(X-Request-Id: <request-id>)"),
		},
		{
			name:   "job not found",
			config: jobConfig(provider, `engine_id = "broken"`, `job_id = "404"`),
			want: diagnostic("Not Found", "CSE engine job 404 of engine broken was not found. Check its identifiers and region. "+
				"If the job may not exist (APIs forget finished jobs after a while), set allow_missing = true to read it as found = false instead of failing. "+
				"CSE GET "+showPath("broken", "404")+": HTTP 400 Bad Request: SVCSTG.00501153: No task found. "+
				"(X-Request-Id: <request-id>)"),
		},
		{
			// CSE's code for an engine that does not exist (SVCSTG.00501116,
			// HTTP 400) names the parent, on a list as on a single job.
			name:   "engine not found",
			config: jobsConfig(provider, `engine_id = "absent"`),
			want: diagnostic("Engine Not Found", "Reading the job list of CSE engine absent failed: CSE says that the engine does not exist. "+
				"Check engine_id (allow_missing does not apply: it reads a job that the API no longer knows, not one whose engine does not exist). "+
				"CSE GET "+listPath("absent")+": HTTP 400 Bad Request: SVCSTG.00501116: Failed to find the engine instance. "+
				"(X-Request-Id: <request-id>)"),
		},
		{
			// A body cut in half, with a 200: an error, never a panic or a
			// half-filled state.
			name:   "truncated body",
			setup:  func() { e.Inject(emulator.Fault{Path: showPath(emulator.ExampleEngineID, "12339"), Truncate: true}) },
			config: jobConfig(provider, example...),
			want: diagnostic("Invalid API Response", "Reading CSE engine job 12339 of engine "+emulator.ExampleEngineID+
				" failed: the answer could not be read. CSE GET "+showPath(emulator.ExampleEngineID, "12339")+
				": HTTP 200 with a response that is not valid JSON: unexpected end of JSON input (X-Request-Id: <request-id>)"),
		},
	}
	var steps []resource.TestStep
	for _, tt := range tests {
		steps = append(steps, resource.TestStep{PreConfig: tt.setup, Config: tt.config, ExpectError: tt.want})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}
