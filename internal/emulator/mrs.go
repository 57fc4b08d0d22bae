package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// MRS job executions: GET /v2/{project_id}/clusters/{cluster_id}/job-executions/{job_id},
// answered with HTTP 202 as the reference page says.

const mrsPath = "/v2/{project_id}/clusters/{cluster_id}/job-executions/{job_id}"

var (
	mrsStates   = set("NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING", "FINISHED", "FAILED", "KILLED")
	mrsTerminal = set("FINISHED", "FAILED", "KILLED")
	mrsResults  = set("SUCCEEDED", "FAILED", "KILLED", "UNDEFINED")
)

// MRSJob is an MRS job execution. Its fields are those of the body of the
// emulator's control API for service "mrs".
type MRSJob struct {
	ID        string `json:"id,omitempty"`
	ClusterID string `json:"cluster_id"`
	// Statuses are the job_state values shown in turn; Every as FamilyJob.
	Statuses []string `json:"statuses"`
	Every    string   `json:"every,omitempty"`
	// Result is the job_result once the state is terminal (default:
	// SUCCEEDED after FINISHED, else the state); UNDEFINED before.
	Result      string `json:"result,omitempty"`
	Name        string `json:"name,omitempty"`
	Type        string `json:"type,omitempty"`
	User        string `json:"user,omitempty"`
	Queue       string `json:"queue,omitempty"`
	AppID       string `json:"app_id,omitempty"`
	TrackingURL string `json:"tracking_url,omitempty"`
	Arguments   string `json:"arguments,omitempty"`
	// Progress is job_progress once terminal (default 100); 0 before.
	Progress float64 `json:"progress,omitempty"`
	// Submitted, when set, gives submitted_time, started_time (a second
	// later) and finished_time (when terminal); unset, no time is sent, as
	// in the reference page's abridged example.
	Submitted time.Time `json:"submitted,omitzero"`
	Purge     Purge     `json:"-"`
}

type mrsEntry struct {
	job      MRSJob
	progress Progress
	state    progressState
	ended    time.Time // when the job was first shown ended
}

// AddMRSJob adds an MRS job execution; it refuses what AddFamilyJob
// refuses, a state or result MRS does not have, and a job without
// cluster_id.
func (e *Emulator) AddMRSJob(j MRSJob) (MRSJob, error) {
	if j.ClusterID == "" {
		return j, errors.New("cluster_id is empty: an MRS job belongs to a cluster")
	}
	if len(j.Statuses) == 0 {
		return j, errors.New("statuses is empty: give the job_state values the job shows, in order")
	}
	for _, s := range j.Statuses {
		if !mrsStates.has(s) {
			return j, fmt.Errorf("status %q is not an MRS job_state: NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING, FINISHED, FAILED, KILLED", s)
		}
	}
	if j.Result != "" && !mrsResults.has(j.Result) {
		return j, fmt.Errorf("result %q is not an MRS job_result: SUCCEEDED, FAILED, KILLED, UNDEFINED", j.Result)
	}
	p := Progress{Statuses: slices.Clone(j.Statuses)}
	if j.Every != "" && j.Every != "poll" {
		d, err := time.ParseDuration(j.Every)
		if err != nil || d <= 0 {
			return j, fmt.Errorf("every %q is neither \"poll\" nor a positive duration such as \"2s\"", j.Every)
		}
		p.Every = d
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if j.ID == "" {
		j.ID = fmt.Sprintf("%08x-0000-4000-8000-%012x", e.seq.Add(1), e.seq.Load())
	}
	if e.familyJob(j.ID) != nil || e.mrsJob(j.ID) != nil {
		return j, &DuplicateError{ID: j.ID}
	}
	j.Statuses = slices.Clone(j.Statuses)
	e.mrs = append(e.mrs, &mrsEntry{job: j, progress: p, state: progressState{added: e.cfg.Clock()}})
	return j, nil
}

// MRSJobs are the jobs added with AddMRSJob, in order.
func (e *Emulator) MRSJobs() []MRSJob {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]MRSJob, len(e.mrs))
	for i, ent := range e.mrs {
		out[i] = ent.job
	}
	return out
}

// mrsJob is the entry of id; call with e.mu held.
func (e *Emulator) mrsJob(id string) *mrsEntry {
	for _, ent := range e.mrs {
		if ent.job.ID == id {
			return ent
		}
	}
	return nil
}

type mrsDetailJSON struct {
	JobID         string  `json:"job_id"`
	User          string  `json:"user,omitempty"`
	JobName       string  `json:"job_name,omitempty"`
	JobResult     string  `json:"job_result"`
	JobState      string  `json:"job_state"`
	JobProgress   float64 `json:"job_progress"`
	JobType       string  `json:"job_type,omitempty"`
	StartedTime   int64   `json:"started_time,omitempty"`
	SubmittedTime int64   `json:"submitted_time,omitempty"`
	FinishedTime  int64   `json:"finished_time,omitempty"`
	ElapsedTime   int64   `json:"elapsed_time,omitempty"`
	Arguments     string  `json:"arguments,omitempty"`
	AppID         string  `json:"app_id,omitempty"`
	TrackingURL   string  `json:"tracking_url,omitempty"`
	Queue         string  `json:"queue,omitempty"`
}

// mrsAnswer answers a job execution; a read counts as a poll. A cluster
// without jobs is a 404 that names the cluster; a job the cluster does not
// hold, a 404 that names the job.
func (e *Emulator) mrsAnswer(rt route) reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.cfg.Clock()
	clusterKnown := false
	var ent *mrsEntry
	for _, m := range e.mrs {
		if m.job.ClusterID == rt.engine {
			clusterKnown = true
			if m.job.ID == rt.job && !m.job.Purge.gone(m.state, now) {
				ent = m
			}
		}
	}
	switch {
	case !clusterKnown:
		return reply{status: http.StatusNotFound, body: object("error_code", "MRS.0011", "error_msg", "The cluster "+rt.engine+" does not exist.")}
	case ent == nil:
		return reply{status: http.StatusNotFound, body: object("error_code", "MRS.0094", "error_msg", "The job execution "+rt.job+" does not exist.")}
	}
	ent.state.polls++
	step := ent.progress.step(ent.state, now)
	state := ent.progress.Statuses[step]
	j := ent.job
	d := mrsDetailJSON{
		JobID: j.ID, User: j.User, JobName: j.Name, JobResult: "UNDEFINED", JobState: state, JobType: j.Type,
		Arguments: j.Arguments, AppID: j.AppID, TrackingURL: j.TrackingURL, Queue: j.Queue,
	}
	if !j.Submitted.IsZero() {
		d.SubmittedTime = j.Submitted.UnixMilli()
		d.StartedTime = j.Submitted.Add(time.Second).UnixMilli()
	}
	if mrsTerminal.has(state) {
		d.JobResult = strings.ToUpper(j.Result)
		if d.JobResult == "" {
			d.JobResult = strings.ToUpper(state)
			if d.JobResult == "FINISHED" {
				d.JobResult = "SUCCEEDED"
			}
		}
		d.JobProgress = j.Progress
		if d.JobProgress == 0 {
			d.JobProgress = 100
		}
		if !j.Submitted.IsZero() {
			if ent.ended.IsZero() { // once ended, a job keeps its end time
				ent.ended = ent.progress.reachedAt(ent.state, step, now)
			}
			end := max(ent.ended.UnixMilli(), d.StartedTime)
			d.FinishedTime, d.ElapsedTime = end, end-d.StartedTime
		}
	}
	return reply{status: http.StatusAccepted, body: marshal(struct {
		JobDetail mrsDetailJSON `json:"job_detail"`
	}{d}, "")}
}
