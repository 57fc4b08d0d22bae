// Package hwcjobstest runs the hwcjobs provider and an emulator of the
// Huawei Cloud job APIs it reads inside a Go test process, so that the
// acceptance tests of another provider, or of a module, can wait for a
// Huawei Cloud job with hwcjobs offline.
//
// A test starts an Emulator (as httptest starts a server), scripts the jobs
// it needs with AddJob, writes its configuration with the emulator's
// ProviderConfig, and runs it with terraform-plugin-testing, giving
// ProtoV6ProviderFactories (with its own provider's factories beside):
//
//	em := hwcjobstest.NewEmulator()
//	defer em.Close()
//	job, err := em.AddJob(hwcjobstest.Job{Service: "cce", Statuses: []string{"Running", "Success"}, Every: hwcjobstest.EveryPoll})
//	...
//	resource.UnitTest(t, resource.TestCase{
//		ProtoV6ProviderFactories: hwcjobstest.ProtoV6ProviderFactories(),
//		Steps: []resource.TestStep{{Config: em.ProviderConfig() + `data "hwcjobs_cce_job" "x" { ... }`}},
//	})
//
// The emulator answers every API the provider calls on 127.0.0.1, with the
// credentials, region and project that ProviderConfig writes; it checks
// request signatures as the real APIs do. The job API behind AddJob,
// ForgetJob and Jobs is the one of the hwcjobs-emulator command (POST, GET
// and DELETE /hwcjobs-emulator/jobs); Job is its body.
//
// The provider reads the HW_* environment variables as it always does. The
// block of ProviderConfig sets credentials, region and project, which win
// over theirs, but HW_ASSUME_ROLE_* variables would still add an agency hop:
// leave them unset in tests.
//
// This package's API is stable; the emulator's internals are not part of
// it.
package hwcjobstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// EveryPoll is the Job.Every that moves a job one status further at each
// read of it: a wait sees every status, in order, whatever the speed of the
// machine.
const EveryPoll = "poll"

// Job is a job of the emulator's job API: the body of POST
// /hwcjobs-emulator/jobs, and a job as the emulator holds it.
type Job struct {
	// Service is the API of the job: "cce" (a job of hwcjobs_cce_job),
	// "cse" (hwcjobs_cse_engine_job; needs EngineID) or "servicestage"
	// (hwcjobs_servicestage_job).
	Service string `json:"service"`
	// ID is the job's id; the emulator makes one when it is empty (CSE job
	// ids are integers).
	ID string `json:"id,omitempty"`
	// Statuses are shown one after the other, the last one for good. Each
	// must be a status the service's API documents, such as "Running",
	// "Success" or "Failed" for cce.
	Statuses []string `json:"statuses"`
	// Every is the time between two statuses, counted from the job's
	// creation ("2s"), or EveryPoll. Needed with more than one status.
	Every string `json:"every,omitempty"`
	// Reason is the failure text of the job once it has failed.
	Reason string `json:"reason,omitempty"`
	// ClusterID, EngineID and Result are for the services that need them:
	// EngineID for cse.
	ClusterID string `json:"cluster_id,omitempty"`
	EngineID  string `json:"engine_id,omitempty"`
	Result    string `json:"result,omitempty"`
}

// Emulator is an emulator of the Huawei Cloud job APIs serving on
// 127.0.0.1, without any job until AddJob makes some.
type Emulator struct {
	// URL is the emulator's base URL, http://127.0.0.1:PORT.
	URL string

	srv *httptest.Server
	e   *emulator.Emulator
}

// NewEmulator starts an emulator. Close stops it.
func NewEmulator() *Emulator {
	e := emulator.New(emulator.Config{})
	srv := httptest.NewServer(e)
	return &Emulator{URL: srv.URL, srv: srv, e: e}
}

// Close stops the emulator and waits for its requests to end.
func (em *Emulator) Close() { em.srv.Close() }

// ProviderConfig is a provider block for hwcjobs that sends every request
// of the provider to the emulator, with its credentials, region and project,
// formatted as terraform fmt does.
func (em *Emulator) ProviderConfig() string {
	keys := make([]string, len(client.Services))
	for i, s := range client.Services {
		keys[i] = string(s)
	}
	return em.e.ProviderBlock(em.URL, keys)
}

// AddJob makes a job through the job API and returns it as the emulator
// holds it: with its id, and its statuses in the API's spelling. A job the
// emulator refuses (an unknown service or status, an id already held, ...)
// is an error that says why.
func (em *Emulator) AddJob(job Job) (Job, error) {
	body, err := json.Marshal(job)
	if err != nil {
		return Job{}, err
	}
	var held Job
	if err := em.call(http.MethodPost, "jobs", bytes.NewReader(body), http.StatusCreated, &held); err != nil {
		return Job{}, fmt.Errorf("hwcjobstest: adding a %s job: %w", job.Service, err)
	}
	return held, nil
}

// ForgetJob makes the emulator forget a job that AddJob made, as the APIs
// forget old jobs: reads of it are answered "not found" from then on.
func (em *Emulator) ForgetJob(id string) error {
	if err := em.call(http.MethodDelete, "jobs/"+url.PathEscape(id), nil, http.StatusNoContent, nil); err != nil {
		return fmt.Errorf("hwcjobstest: forgetting job %s: %w", id, err)
	}
	return nil
}

// Jobs are the jobs that AddJob made and ForgetJob did not forget, oldest
// first.
func (em *Emulator) Jobs() ([]Job, error) {
	var list struct {
		Jobs []Job `json:"jobs"`
	}
	if err := em.call(http.MethodGet, "jobs", nil, http.StatusOK, &list); err != nil {
		return nil, fmt.Errorf("hwcjobstest: listing jobs: %w", err)
	}
	return list.Jobs, nil
}

// call sends one request to the job API and decodes its answer into out.
func (em *Emulator) call(method, path string, body io.Reader, want int, out any) error {
	req, err := http.NewRequest(method, em.URL+emulator.ControlPrefix+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := em.srv.Client().Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s (HTTP %d)", e.Error, resp.StatusCode)
		}
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// ProtoV6ProviderFactories serve the hwcjobs provider in the test process,
// under the name "hwcjobs", for resource.TestCase.ProtoV6ProviderFactories
// of terraform-plugin-testing. Add the factories of the provider under test
// to the map.
func ProtoV6ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hwcjobs": provider.NewServer("hwcjobstest"),
	}
}
