package emulator

import (
	"bytes"
	"maps"
	"net/http"
	"slices"
	"time"
)

// CCE jobs

// CCEJob is a CCE job (V2Job); SubJobs nest to any depth.
type CCEJob struct {
	UID          string
	Type         string
	ClusterUID   string
	ResourceID   string
	ResourceName string
	ExtendParam  map[string]string
	Status       string // Initializing, Running, Success, Failed
	// Reason is why the job is in its status. A job with Progress shows it
	// only once it has Failed.
	Reason    string
	Created   time.Time
	Updated   time.Time
	Completed time.Time // set when Progress reaches Success or Failed, if zero
	SubJobs   []CCEJob
	// Progress moves the job (or a sub-job) through statuses, counted in
	// polls of the top-level job (GETs of the v3 show API) or in time since
	// the top-level job was added, so that sub-jobs can finish before their
	// parent.
	Progress Progress
	// Purge makes a top-level job vanish (404 and gone from the list) after
	// some polls or some time; ignored on sub-jobs.
	Purge Purge
}

var (
	cceTerminal = set("Success", "Failed")
	cceFailure  = set("Failed")
)

type cceEntry struct {
	job   CCEJob
	state progressState
}

// AddCCEJob adds a job, replacing the job of the same UID in place.
func (e *Emulator) AddCCEJob(job CCEJob) {
	job = cloneCCE(job)
	ent := &cceEntry{job: job, state: progressState{added: e.cfg.Clock()}}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.cce {
		if old.job.UID == job.UID {
			e.cce[i] = ent
			return
		}
	}
	e.cce = append(e.cce, ent)
}

func cloneCCE(j CCEJob) CCEJob {
	j.ExtendParam = maps.Clone(j.ExtendParam)
	j.Progress.Statuses = slices.Clone(j.Progress.Statuses)
	subs := make([]CCEJob, len(j.SubJobs))
	for i, s := range j.SubJobs {
		subs[i] = cloneCCE(s)
	}
	if j.SubJobs != nil {
		j.SubJobs = subs
	}
	return j
}

// view is the job as it is now: the progress of the job and of every
// sub-job applied (and recorded: reaching Success or Failed fixes
// Completed), reasons of jobs still in progress hidden. Call with e.mu held.
func (ent *cceEntry) view(now time.Time) CCEJob {
	advanceCCE(&ent.job, ent.state, now)
	return cloneCCE(ent.job)
}

func advanceCCE(j *CCEJob, st progressState, now time.Time) {
	p := j.Progress
	if step := p.step(st, now); step >= 0 {
		j.Status = p.Statuses[step]
		if cceTerminal.has(j.Status) && j.Completed.IsZero() {
			j.Completed = p.reachedAt(st, step, now)
		}
	}
	for i := range j.SubJobs {
		advanceCCE(&j.SubJobs[i], st, now)
	}
}

// reason is the reason a job shows in its current status.
func (j CCEJob) reason() string {
	if len(j.Progress.Statuses) > 0 && !cceFailure.has(j.Status) {
		return ""
	}
	return j.Reason
}

// presentCCE lists the jobs that have not been purged. Call with e.mu held.
func (e *Emulator) presentCCE(now time.Time) []*cceEntry {
	var out []*cceEntry
	for _, ent := range e.cce {
		if !ent.job.Purge.gone(ent.state, now) {
			out = append(out, ent)
		}
	}
	return out
}

type cceJobJSON struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Metadata   struct {
		UID               string `json:"uid"`
		CreationTimestamp string `json:"creationTimestamp,omitempty"`
		UpdateTimestamp   string `json:"updateTimestamp,omitempty"`
	} `json:"metadata"`
	Spec struct {
		Type         string            `json:"type"`
		ClusterUID   string            `json:"clusteruid,omitempty"`
		ResourceID   string            `json:"resourceid,omitempty"`
		ResourceName string            `json:"resourcename,omitempty"`
		ExtendParam  map[string]string `json:"extendparam,omitempty"`
		SubJobs      []cceJobJSON      `json:"subjobs,omitempty"`
	} `json:"spec"`
	Status struct {
		Status         string `json:"status"`
		Reason         string `json:"reason,omitempty"`
		CompletionTime string `json:"completionTime,omitempty"`
	} `json:"status"`
}

func cceJSON(j CCEJob) cceJobJSON {
	var out cceJobJSON
	out.Kind, out.APIVersion = "Job", "v2"
	out.Metadata.UID = j.UID
	out.Metadata.CreationTimestamp = goTimeString(j.Created)
	out.Metadata.UpdateTimestamp = goTimeString(j.Updated)
	out.Spec.Type, out.Spec.ClusterUID = j.Type, j.ClusterUID
	out.Spec.ResourceID, out.Spec.ResourceName = j.ResourceID, j.ResourceName
	out.Spec.ExtendParam = j.ExtendParam
	for _, s := range j.SubJobs {
		out.Spec.SubJobs = append(out.Spec.SubJobs, cceJSON(s))
	}
	out.Status.Status, out.Status.Reason = j.Status, j.reason()
	out.Status.CompletionTime = goTimeString(j.Completed)
	return out
}

// cceList: GET /api/v2/projects/{project_id}/jobs, a bare array in the style
// of the page's example.
func (e *Emulator) cceList() reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := []cceJobJSON{}
	now := e.cfg.Clock()
	for _, ent := range e.presentCCE(now) {
		list = append(list, cceJSON(ent.view(now)))
	}
	return okReply(jacksonStyle(marshal(list, "")))
}

// cceJobV3JSON is a job of the v3 show API: the v2 shape with camel-case
// spec keys, status.phase for status.status and no completionTime, as the
// fact sheet's example.
type cceJobV3JSON struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Metadata   struct {
		UID               string `json:"uid"`
		CreationTimestamp string `json:"creationTimestamp,omitempty"`
		UpdateTimestamp   string `json:"updateTimestamp,omitempty"`
	} `json:"metadata"`
	Spec struct {
		Type         string         `json:"type"`
		ClusterUID   string         `json:"clusterUID"`
		ResourceID   string         `json:"resourceID"`
		ResourceName string         `json:"resourceName"`
		ExtendParam  any            `json:"extendParam,omitempty"` // a map; {} is sent
		SubJobs      []cceJobV3JSON `json:"subJobs,omitempty"`
	} `json:"spec"`
	Status struct {
		Phase  string `json:"phase"`
		Reason string `json:"reason,omitempty"`
	} `json:"status"`
}

// cceV3JSON renders a job for the v3 show API. The top-level job always has
// extendParam ({} when it has none), sub-jobs only when they have one.
func cceV3JSON(j CCEJob, top bool) cceJobV3JSON {
	var out cceJobV3JSON
	out.Kind, out.APIVersion = "Job", "v3"
	out.Metadata.UID = j.UID
	out.Metadata.CreationTimestamp = goTimeString(j.Created)
	out.Metadata.UpdateTimestamp = goTimeString(j.Updated)
	out.Spec.Type, out.Spec.ClusterUID = j.Type, j.ClusterUID
	out.Spec.ResourceID, out.Spec.ResourceName = j.ResourceID, j.ResourceName
	if j.ExtendParam != nil {
		out.Spec.ExtendParam = j.ExtendParam
	} else if top {
		out.Spec.ExtendParam = map[string]string{}
	}
	for _, s := range j.SubJobs {
		out.Spec.SubJobs = append(out.Spec.SubJobs, cceV3JSON(s, false))
	}
	out.Status.Phase, out.Status.Reason = j.Status, j.reason()
	return out
}

// cceShow: GET /api/v3/projects/{project_id}/jobs/{job_id}, indented with
// two spaces. It counts as a poll of the job. Sub-jobs are not found by
// their own ids; purged jobs are not found.
func (e *Emulator) cceShow(jobID string) reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.cfg.Clock()
	for _, ent := range e.presentCCE(now) {
		if ent.job.UID == jobID {
			ent.state.polls++
			return okReply(marshal(cceV3JSON(ent.view(now), true), "  "))
		}
	}
	return serviceError(svcCCEShow, http.StatusNotFound, codeCCEJobAbsent, "Job "+jobID+" not found", "")
}

// jacksonStyle re-formats compact JSON the way the CCE page's example shows
// it: Jackson's default pretty printer ("[ {", "} ]", `"key" : value`, one
// object member per line) with its indentation lost.
func jacksonStyle(compact []byte) []byte {
	var out bytes.Buffer
	var stack []byte
	inString, escaped := false, false
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		if inString {
			out.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			out.WriteByte(c)
		case '{', '[':
			if i+1 < len(compact) && (compact[i+1] == '}' || compact[i+1] == ']') {
				out.Write([]byte{c, ' ', compact[i+1]})
				i++
				continue
			}
			stack = append(stack, c)
			if c == '{' {
				out.WriteString("{\n")
			} else {
				out.WriteString("[ ")
			}
		case '}':
			stack = stack[:len(stack)-1]
			out.WriteString("\n}")
		case ']':
			stack = stack[:len(stack)-1]
			out.WriteString(" ]")
		case ':':
			out.WriteString(" : ")
		case ',':
			if stack[len(stack)-1] == '{' {
				out.WriteString(",\n")
			} else {
				out.WriteString(", ")
			}
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

// ===========================================================================
