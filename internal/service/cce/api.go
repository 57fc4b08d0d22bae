// Package cce reads the jobs of CCE (Cloud Container Engine): the job list of
// a project and single jobs, with their sub-jobs, however deeply nested.
package cce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// statuses classifies CCE job statuses.
var statuses = jobstatus.Classes{Success: []string{"Success"}, Failure: []string{"Failed"}}

const (
	listPath = "/api/v2/projects/{project_id}/jobs"
	showPath = "/api/v3/projects/{project_id}/jobs/{job_id}"
)

// job is a V2Job: a job and, in spec.subjobs, its sub-jobs. It decodes the
// v3 Job of the show API too: encoding/json matches its camel-case keys
// (clusterUID, subJobs) case-insensitively, and status.phase stands in for
// status.status.
type job struct {
	Kind       *string   `json:"kind"`
	APIVersion *string   `json:"apiVersion"`
	Metadata   metadata  `json:"metadata"`
	Spec       spec      `json:"spec"`
	Status     jobStatus `json:"status"`
}

type metadata struct {
	UID               *string      `json:"uid"`
	CreationTimestamp convert.Time `json:"creationTimestamp" attr:"created_at"`
	UpdateTimestamp   convert.Time `json:"updateTimestamp" attr:"updated_at"`
}

type spec struct {
	Type         *string     `json:"type"`
	ClusterUID   *string     `json:"clusteruid"`
	ResourceID   *string     `json:"resourceid"`
	ResourceName *string     `json:"resourcename"`
	ExtendParam  extendParam `json:"extendparam"`
	SubJobs      []job       `json:"subjobs"`
}

type jobStatus struct {
	Status         *string      `json:"status"`
	Phase          *string      `json:"phase"` // v3
	Reason         *string      `json:"reason"`
	CompletionTime convert.Time `json:"completionTime" attr:"completed_at"`
}

// current is the job's status: status.status (v2) or status.phase (v3).
func (s jobStatus) current() *string {
	if s.Status != nil {
		return s.Status
	}
	return s.Phase
}

// extendParam is spec.extendparam, documented as Map<String,String>. A value
// that arrives as another JSON type (true, 3) is kept as its JSON text rather
// than failing the whole list; null values are left out.
type extendParam map[string]string

func (p *extendParam) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("extendparam must be an object of strings: %w", err)
	}
	if raw == nil {
		*p = nil
		return nil
	}
	out := make(extendParam, len(raw))
	for k, v := range raw {
		v = bytes.TrimSpace(v)
		var s string
		switch {
		case bytes.Equal(v, []byte("null")):
			continue
		case json.Unmarshal(v, &s) == nil:
			out[k] = s
		default:
			out[k] = string(v)
		}
	}
	*p = out
	return nil
}

// value is extend_params: null when the job has no extendparam, empty when
// it is {}.
func (p extendParam) value(diags *diag.Diagnostics) types.Map {
	if p == nil {
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(p))
	for k, v := range p {
		elems[k] = types.StringValue(v)
	}
	m, d := types.MapValue(types.StringType, elems)
	diags.Append(d...)
	return m
}

func (j *job) status() string { return convert.Deref(j.Status.current()) }

// listJobs reads the jobs of the project. The API has no paging and answers
// with a bare JSON array.
func listJobs(ctx context.Context, c *client.Client) ([]job, error) {
	var jobs []job
	err := c.Get(ctx, client.Request{Service: client.CCE, Path: listPath}, &jobs)
	return jobs, err
}

// showJob reads one job with the v3 API.
func showJob(ctx context.Context, c *client.Client, jobID string) (job, error) {
	var j job
	err := c.Get(ctx, client.Request{Service: client.CCE, Path: showPath, PathParams: map[string]string{"job_id": jobID}}, &j)
	return j, err
}

// descendant is a sub-job of a listed job at any depth, with its direct
// parent.
type descendant struct {
	*job
	parent *job
}

// descendants flattens the sub-jobs of j, however deep, in depth-first
// pre-order: each sub-job comes right after its parent and before its next
// sibling. An explicit stack keeps deep trees off the call stack, and each
// sub-job is visited once.
func descendants(j *job) []descendant {
	var out []descendant
	stack := pushChildren(nil, j)
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, d)
		stack = pushChildren(stack, d.job)
	}
	return out
}

// pushChildren pushes the sub-jobs of parent in reverse, so that the first
// is popped first.
func pushChildren(stack []descendant, parent *job) []descendant {
	children := parent.Spec.SubJobs
	for i := range slices.Backward(children) {
		stack = append(stack, descendant{job: &children[i], parent: parent})
	}
	return stack
}
