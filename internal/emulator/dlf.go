package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// DataArts Studio DLF jobs

// DLFJob is a DataArts Studio factory job. Zero times and empty optional
// strings are left out of the response; priority and singleNodeJobFlag are
// always sent, as in the page's example.
type DLFJob struct {
	Name                string
	JobType             string // BATCH (default) or REAL_TIME
	Owner               string
	Priority            int64 // 0 (top) to 2 (low)
	Status              string
	CreateUser          string
	CreateTime          time.Time
	StartTime           time.Time
	EndTime             time.Time
	LastInstanceStatus  string
	LastInstanceEndTime time.Time
	LastUpdateTime      time.Time
	LastUpdateUser      string
	Path                string
	SingleNodeJobFlag   bool
	Tags                []string // for the tags filter; not rendered
}

// AddDLFJob adds a job to a workspace ("" is the default workspace),
// replacing the workspace's job of the same name and type in place.
func (e *Emulator) AddDLFJob(workspace string, job DLFJob) {
	if job.JobType == "" {
		job.JobType = "BATCH"
	}
	job.Tags = slices.Clone(job.Tags)
	e.mu.Lock()
	defer e.mu.Unlock()
	jobs := e.dlf[workspace]
	for i, old := range jobs {
		if old.Name == job.Name && old.JobType == job.JobType {
			jobs[i] = &job
			return
		}
	}
	e.dlf[workspace] = append(jobs, &job)
}

// dlfJobJSON has its keys in alphabetical order, as the page's example.
type dlfJobJSON struct {
	CreateTime          int64  `json:"createTime,omitempty"`
	CreateUser          string `json:"createUser"`
	EndTime             int64  `json:"endTime,omitempty"`
	JobType             string `json:"jobType"`
	LastInstanceEndTime int64  `json:"lastInstanceEndTime,omitempty"`
	LastInstanceStatus  string `json:"lastInstanceStatus,omitempty"`
	LastUpdateTime      int64  `json:"lastUpdateTime,omitempty"`
	LastUpdateUser      string `json:"lastUpdateUser,omitempty"`
	Name                string `json:"name"`
	Owner               string `json:"owner,omitempty"`
	Path                string `json:"path,omitempty"`
	Priority            int64  `json:"priority"`
	SingleNodeJobFlag   bool   `json:"singleNodeJobFlag"`
	StartTime           int64  `json:"startTime,omitempty"`
	Status              string `json:"status"`
}

// dlfList: GET /v1/{project_id}/jobs, indented with four spaces like the
// page's example. Invalid parameters get the page's failure example verbatim.
// A workspace that holds no job and no run does not exist (DLF.0819), as for
// the runs.
func (e *Emulator) dlfList(workspace string, q url.Values) reply {
	invalid := reply{status: http.StatusBadRequest, body: []byte(ExampleDLFError)}
	jobType := q.Get("jobType")
	if jobType == "" {
		jobType = "BATCH"
	}
	if jobType != "BATCH" && jobType != "REAL_TIME" {
		return invalid
	}
	offset, ok := intParam(q, "offset", 0)
	if !ok || offset < 0 {
		return invalid
	}
	limit, ok := intParam(q, "limit", 10)
	if !ok || limit < 1 || limit > 1000 {
		return invalid
	}
	name := q.Get("jobName")
	var tags []string
	for _, t := range strings.Split(q.Get("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.dlfWorkspaceKnown(workspace) {
		return e.dlfError(workspace, codeDLFNoWorkspace, "The workspace "+workspace+" does not exist.")
	}
	// Only the page asked for is rendered: a bench workspace holds 10,000
	// jobs, and every page would otherwise render them all.
	var matched []*DLFJob
	for _, j := range e.dlf[workspace] {
		if j.JobType != jobType || !strings.Contains(j.Name, name) {
			continue
		}
		if slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(j.Tags, t) }) {
			continue
		}
		matched = append(matched, j)
	}
	lo, hi := e.paging.page(len(matched), offset, limit)
	jobs := make([]dlfJobJSON, 0, hi-lo)
	for _, j := range matched[lo:hi] {
		jobs = append(jobs, dlfJobJSON{
			CreateTime: epochMillis(j.CreateTime), CreateUser: j.CreateUser, EndTime: epochMillis(j.EndTime),
			JobType: j.JobType, LastInstanceEndTime: epochMillis(j.LastInstanceEndTime),
			LastInstanceStatus: j.LastInstanceStatus, LastUpdateTime: epochMillis(j.LastUpdateTime),
			LastUpdateUser: j.LastUpdateUser, Name: j.Name, Owner: j.Owner, Path: j.Path,
			Priority: j.Priority, SingleNodeJobFlag: j.SingleNodeJobFlag, StartTime: epochMillis(j.StartTime),
			Status: j.Status,
		})
	}
	return okReply(marshal(struct {
		Jobs  []dlfJobJSON `json:"jobs"`
		Total *int         `json:"total,omitempty"`
	}{jobs, e.paging.total(len(matched))}, "    "))
}

// ===========================================================================
