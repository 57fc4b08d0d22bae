package emulator

import (
	"bytes"
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Progress moves a job through statuses. While a job has Progress, its
// rendered status is the current step and its own Status is ignored.
type Progress struct {
	Statuses []string // statuses the job moves through; the last one stays
	// Every is 0 to advance one status per GET of that single job (a poll:
	// the first GET shows Statuses[0], the second Statuses[1], ...; list
	// requests show the status of the last poll and never advance), or the
	// time per status since the job was added, on Config.Clock.
	Every time.Duration
}

// progressState is the mutable side of a Progress.
type progressState struct {
	added time.Time
	polls int
}

// step is the index of the current status, or -1 without Progress.
func (p Progress) step(st progressState, now time.Time) int {
	n := len(p.Statuses)
	if n == 0 {
		return -1
	}
	var i int
	if p.Every > 0 {
		i = int(now.Sub(st.added) / p.Every)
	} else {
		i = st.polls - 1
	}
	return max(0, min(i, n-1))
}

// reachedAt is when the current step began: exact for time-based progress,
// now for per-poll progress.
func (p Progress) reachedAt(st progressState, step int, now time.Time) time.Time {
	if p.Every > 0 {
		return st.added.Add(time.Duration(step) * p.Every)
	}
	return now
}

var (
	cseTerminal = set("Finished", "Error", "Timeout")
	cseFailure  = set("Error", "Timeout")
	ssTerminal  = set("SUCCEEDED", "FAILED", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED", "UNKNOWN")
	ssFailure   = set("FAILED", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED", "UNKNOWN")
)

// statusSet is a case-insensitive set of statuses.
type statusSet map[string]bool

func set(statuses ...string) statusSet {
	s := statusSet{}
	for _, v := range statuses {
		s[strings.ToLower(v)] = true
	}
	return s
}

func (s statusSet) has(status string) bool { return s[strings.ToLower(status)] }

// epochMillis renders a time as CSE and DLF do; the zero time is 0.
func epochMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// goTimeString renders a time as CCE does: Go's time.Time String in UTC.
func goTimeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999999 -0700 MST")
}

// rfc3339Millis renders a time as ServiceStage does: RFC 3339 in UTC with
// milliseconds, trailing zeros trimmed (2024-06-06T15:55:31.36Z).
func rfc3339Millis(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

// intParam reads an optional integer query parameter.
func intParam(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// page cuts one page out of n records: the bounds of [offset, offset+limit).
func page(n, offset, limit int) (from, to int) {
	from = min(offset, n)
	to = n
	if limit > 0 && limit < n-from {
		to = from + limit
	}
	return from, to
}

// ===========================================================================
// CSE engine jobs

// CSEJob is a job of a CSE exclusive microservice engine.
type CSEJob struct {
	ID          int64
	Type        string // Create, Delete, Updated, Upgrade, Configure, Modify
	Description string
	Status      string // PreInit, Init, Executing, Error, Timeout, Finished
	Scheduling  bool   // rendered 0/1
	CreateUser  string
	Context     string
	StartTime   time.Time
	EndTime     time.Time // set when Progress reaches a terminal status, if zero
	Phases      []CSEPhase
	Progress    Progress
	// FailureLog becomes the log of the job's last task while the job's
	// status is Error or Timeout.
	FailureLog string
}

// CSEPhase is a phase (TaskSteps) of a CSE job: the show API renders phases,
// the list API the phases' tasks, flattened.
type CSEPhase struct {
	Name        string
	TaskNames   []string // default: the names of Tasks
	Status      string   // default: the job's status
	StartTime   time.Time
	EndTime     time.Time
	Duration    time.Duration // rendered in milliseconds
	Description string
	Tasks       []CSETask
}

// CSETask is a sub-job of a CSE job.
type CSETask struct {
	ID          int64
	Type        string // default: the job's type
	Assigned    string
	TaskName    string
	EngineName  string
	TaskOrder   int64
	Status      string // default: the job's status
	StartTime   time.Time
	EndTime     time.Time
	CreateTime  time.Time
	UpdateTime  time.Time
	Timeout     int64 // the APIs send -1
	Log         string
	Output      string        // default "{}"
	Duration    time.Duration // taskExecutorBrief.duration, in milliseconds
	Description string        // taskExecutorBrief.description
}

type cseEntry struct {
	job   CSEJob
	state progressState
}

// AddCSEEngine makes an engine exist, without jobs; AddCSEJob does it too.
func (e *Emulator) AddCSEEngine(engineID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.cse[engineID]; !ok {
		e.cse[engineID] = []*cseEntry{}
	}
}

// AddCSEJob adds a job to an engine, replacing the engine's job of the same
// ID in place.
func (e *Emulator) AddCSEJob(engineID string, job CSEJob) {
	job.Phases = clonePhases(job.Phases)
	job.Progress.Statuses = slices.Clone(job.Progress.Statuses)
	ent := &cseEntry{job: job, state: progressState{added: e.cfg.Clock()}}
	e.mu.Lock()
	defer e.mu.Unlock()
	jobs := e.cse[engineID]
	for i, old := range jobs {
		if old.job.ID == job.ID {
			jobs[i] = ent
			return
		}
	}
	e.cse[engineID] = append(jobs, ent)
}

func clonePhases(phases []CSEPhase) []CSEPhase {
	out := slices.Clone(phases)
	for i := range out {
		out[i].TaskNames = slices.Clone(out[i].TaskNames)
		out[i].Tasks = slices.Clone(out[i].Tasks)
	}
	return out
}

// view is the job as it is now: progress applied (and recorded: a terminal
// status fixes EndTime), failure log placed, defaults filled. Call with e.mu
// held.
func (ent *cseEntry) view(now time.Time) CSEJob {
	p := ent.job.Progress
	if step := p.step(ent.state, now); step >= 0 {
		ent.job.Status = p.Statuses[step]
		if cseTerminal.has(ent.job.Status) && ent.job.EndTime.IsZero() {
			ent.job.EndTime = p.reachedAt(ent.state, step, now)
		}
	}
	j := ent.job
	j.Phases = clonePhases(j.Phases)
	for i := range j.Phases {
		ph := &j.Phases[i]
		if ph.Status == "" {
			ph.Status = j.Status
		}
		if ph.TaskNames == nil {
			ph.TaskNames = []string{}
			for _, t := range ph.Tasks {
				ph.TaskNames = append(ph.TaskNames, t.TaskName)
			}
		}
		for k := range ph.Tasks {
			t := &ph.Tasks[k]
			if t.Type == "" {
				t.Type = j.Type
			}
			if t.Status == "" {
				t.Status = j.Status
			}
			if t.Output == "" {
				t.Output = "{}"
			}
		}
	}
	if j.FailureLog != "" && cseFailure.has(j.Status) {
		for i := len(j.Phases) - 1; i >= 0; i-- {
			if n := len(j.Phases[i].Tasks); n > 0 {
				j.Phases[i].Tasks[n-1].Log = j.FailureLog
				break
			}
		}
	}
	return j
}

type cseBriefJSON struct {
	Duration    int64  `json:"duration"`
	Description string `json:"description"`
}

type cseTaskJSON struct {
	JobID             int64        `json:"jobId"`
	ID                int64        `json:"id"`
	Type              string       `json:"type"`
	Assigned          string       `json:"assigned"`
	TaskName          string       `json:"taskName"`
	EngineName        string       `json:"engineName"`
	TaskOrder         int64        `json:"taskOrder"`
	Status            string       `json:"status"`
	StartTime         int64        `json:"startTime"`
	EndTime           int64        `json:"endTime"`
	CreateTime        int64        `json:"createTime"`
	UpdateTime        int64        `json:"updateTime"`
	Timeout           int64        `json:"timeout"`
	Log               string       `json:"log"`
	Output            string       `json:"output"`
	TaskExecutorBrief cseBriefJSON `json:"taskExecutorBrief"`
}

type csePhaseJSON struct {
	TaskName          string        `json:"taskName"`
	TaskNames         []string      `json:"taskNames"`
	Status            string        `json:"status"`
	StartTime         int64         `json:"startTime"`
	EndTime           int64         `json:"endTime"`
	TaskExecutorBrief cseBriefJSON  `json:"taskExecutorBrief"`
	Tasks             []cseTaskJSON `json:"tasks"`
}

type cseJobJSON struct {
	ID          int64  `json:"id"`
	EngineID    string `json:"engineId"`
	Type        string `json:"type"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Scheduling  int    `json:"scheduling"`
	CreateUser  string `json:"createUser"`
	StartTime   int64  `json:"startTime"`
	EndTime     int64  `json:"endTime"`
	Context     string `json:"context"`
	Tasks       any    `json:"tasks"` // []cseTaskJSON (list) or []csePhaseJSON (show)
}

func cseTask(jobID int64, t CSETask) cseTaskJSON {
	return cseTaskJSON{
		JobID: jobID, ID: t.ID, Type: t.Type, Assigned: t.Assigned, TaskName: t.TaskName,
		EngineName: t.EngineName, TaskOrder: t.TaskOrder, Status: t.Status,
		StartTime: epochMillis(t.StartTime), EndTime: epochMillis(t.EndTime),
		CreateTime: epochMillis(t.CreateTime), UpdateTime: epochMillis(t.UpdateTime),
		Timeout: t.Timeout, Log: t.Log, Output: t.Output,
		TaskExecutorBrief: cseBriefJSON{Duration: t.Duration.Milliseconds(), Description: t.Description},
	}
}

// cseJSON renders a job viewed with view: with phases (show) or with the
// phases' tasks flattened (list).
func cseJSON(engineID string, j CSEJob, phases bool) cseJobJSON {
	out := cseJobJSON{
		ID: j.ID, EngineID: engineID, Type: j.Type, Description: j.Description, Status: j.Status,
		CreateUser: j.CreateUser, StartTime: epochMillis(j.StartTime), EndTime: epochMillis(j.EndTime),
		Context: j.Context,
	}
	if j.Scheduling {
		out.Scheduling = 1
	}
	if phases {
		list := []csePhaseJSON{}
		for _, ph := range j.Phases {
			p := csePhaseJSON{
				TaskName: ph.Name, TaskNames: ph.TaskNames, Status: ph.Status,
				StartTime: epochMillis(ph.StartTime), EndTime: epochMillis(ph.EndTime),
				TaskExecutorBrief: cseBriefJSON{Duration: ph.Duration.Milliseconds(), Description: ph.Description},
				Tasks:             []cseTaskJSON{},
			}
			for _, t := range ph.Tasks {
				p.Tasks = append(p.Tasks, cseTask(j.ID, t))
			}
			list = append(list, p)
		}
		out.Tasks = list
	} else {
		list := []cseTaskJSON{}
		for _, ph := range j.Phases {
			for _, t := range ph.Tasks {
				list = append(list, cseTask(j.ID, t))
			}
		}
		out.Tasks = list
	}
	return out
}

// cseList: GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs, indented
// with two spaces like the page's example.
func (e *Emulator) cseList(engineID string, q url.Values) reply {
	bad := func(name string) reply {
		return serviceError(svcCSEList, http.StatusBadRequest, codeCSEBadParam, "Invalid parameter "+name+": "+q.Get(name), name)
	}
	offset, ok := intParam(q, "offset", 0)
	if !ok || offset < 0 {
		return bad("offset")
	}
	limit, ok := intParam(q, "limit", 10)
	if !ok || limit < 1 || limit > 100 {
		return bad("limit")
	}
	var from, to int64 = 0, 1<<63 - 1
	if v := q.Get("from-time"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return bad("from-time")
		}
		from = n
	}
	if v := q.Get("to-time"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return bad("to-time")
		}
		to = n
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	entries, ok := e.cse[engineID]
	if !ok {
		return serviceError(svcCSEList, http.StatusNotFound, codeCSEEngineAbsent, "Engine "+engineID+" does not exist", "engine_id")
	}
	now := e.cfg.Clock()
	var matched []cseJobJSON
	for _, ent := range entries {
		j := ent.view(now)
		if start := epochMillis(j.StartTime); start < from || start > to {
			continue
		}
		matched = append(matched, cseJSON(engineID, j, false))
	}
	lo, hi := page(len(matched), offset, limit)
	return okReply(marshal(struct {
		Total int          `json:"total"`
		Data  []cseJobJSON `json:"data"`
	}{len(matched), append([]cseJobJSON{}, matched[lo:hi]...)}, "  "))
}

// cseShow: GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs/{job_id},
// indented with tabs like the page's example. It counts as a poll.
func (e *Emulator) cseShow(engineID, jobID string) reply {
	id, err := strconv.ParseInt(jobID, 10, 64)
	if err != nil {
		return serviceError(svcCSEShow, http.StatusBadRequest, codeCSEBadParam, "Invalid job id "+jobID+": job ids are integers", "job_id")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	entries, ok := e.cse[engineID]
	if !ok {
		return serviceError(svcCSEShow, http.StatusNotFound, codeCSEEngineAbsent, "Engine "+engineID+" does not exist", "engine_id")
	}
	for _, ent := range entries {
		if ent.job.ID == id {
			ent.state.polls++
			return okReply(marshal(cseJSON(engineID, ent.view(e.cfg.Clock()), true), "\t"))
		}
	}
	return serviceError(svcCSEShow, http.StatusNotFound, codeCSEJobAbsent,
		"Job "+jobID+" does not exist in engine "+engineID, "job_id")
}

// ===========================================================================
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
// An unknown workspace lists nothing.
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
	var matched []dlfJobJSON
	for _, j := range e.dlf[workspace] {
		if j.JobType != jobType || !strings.Contains(j.Name, name) {
			continue
		}
		if slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(j.Tags, t) }) {
			continue
		}
		matched = append(matched, dlfJobJSON{
			CreateTime: epochMillis(j.CreateTime), CreateUser: j.CreateUser, EndTime: epochMillis(j.EndTime),
			JobType: j.JobType, LastInstanceEndTime: epochMillis(j.LastInstanceEndTime),
			LastInstanceStatus: j.LastInstanceStatus, LastUpdateTime: epochMillis(j.LastUpdateTime),
			LastUpdateUser: j.LastUpdateUser, Name: j.Name, Owner: j.Owner, Path: j.Path,
			Priority: j.Priority, SingleNodeJobFlag: j.SingleNodeJobFlag, StartTime: epochMillis(j.StartTime),
			Status: j.Status,
		})
	}
	lo, hi := page(len(matched), offset, limit)
	return okReply(marshal(struct {
		Jobs  []dlfJobJSON `json:"jobs"`
		Total int          `json:"total"`
	}{append([]dlfJobJSON{}, matched[lo:hi]...), len(matched)}, "    "))
}

// ===========================================================================
// CCE jobs

// CCEJob is a CCE job (V2Job); SubJobs nest to any depth.
type CCEJob struct {
	UID          string
	Type         string
	ClusterUID   string
	ResourceID   string
	ResourceName string
	ExtendParam  map[string]string
	Status       string // Init, Running, Success, Failed
	Reason       string
	Created      time.Time
	Updated      time.Time
	Completed    time.Time
	SubJobs      []CCEJob
}

// AddCCEJob adds a job, replacing the job of the same UID in place.
func (e *Emulator) AddCCEJob(job CCEJob) {
	job = cloneCCE(job)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.cce {
		if old.UID == job.UID {
			e.cce[i] = &job
			return
		}
	}
	e.cce = append(e.cce, &job)
}

func cloneCCE(j CCEJob) CCEJob {
	j.ExtendParam = maps.Clone(j.ExtendParam)
	subs := make([]CCEJob, len(j.SubJobs))
	for i, s := range j.SubJobs {
		subs[i] = cloneCCE(s)
	}
	if j.SubJobs != nil {
		j.SubJobs = subs
	}
	return j
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
	out.Status.Status, out.Status.Reason = j.Status, j.Reason
	out.Status.CompletionTime = goTimeString(j.Completed)
	return out
}

// cceList: GET /api/v2/projects/{project_id}/jobs, a bare array in the style
// of the page's example.
func (e *Emulator) cceList() reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := []cceJobJSON{}
	for _, j := range e.cce {
		list = append(list, cceJSON(*j))
	}
	return okReply(jacksonStyle(marshal(list, "")))
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
// ServiceStage jobs

// ServiceStageJob is a ServiceStage (CAS) deployment job.
type ServiceStageJob struct {
	ID                string
	Type              string // PROVISION, DEPROVISION, DAILY_OPERATION, SYSTEM_INNER, UNKNOWN
	Status            string // execution status: SUBMITTED, RUNNING, SUCCEEDED, FAILED, ...
	OrderID           string // rendered only when set
	ServiceInstanceID string // rendered only when set
	Tasks             []ServiceStageTask
	Progress          Progress
	// FailureMessages becomes the messages of the last task (by index) while
	// the job's status is a failure (FAILED, CANCELLED, PARTIALLY_FAILED,
	// ROLLBACKED, UNKNOWN).
	FailureMessages string
	// UpperCaseKeys renders the keys of job and tasks in upper case
	// (EXECUTION_STATUS, TASK_ID, ..., plus PROJECT_ID) as the page's tables
	// say; top-level keys (job, tasks, task_count) stay as documented.
	UpperCaseKeys bool
}

// ServiceStageTask is a task of a ServiceStage job.
type ServiceStageTask struct {
	ID        string
	Index     int64
	Name      string
	Status    string // default: the job's status
	CreatedAt time.Time
	UpdatedAt time.Time
	Messages  string // default "{}"
}

type ssEntry struct {
	job   ServiceStageJob
	state progressState
}

// AddServiceStageJob adds a job, replacing the job of the same ID in place.
func (e *Emulator) AddServiceStageJob(job ServiceStageJob) {
	job.Tasks = slices.Clone(job.Tasks)
	job.Progress.Statuses = slices.Clone(job.Progress.Statuses)
	ent := &ssEntry{job: job, state: progressState{added: e.cfg.Clock()}}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.ss {
		if old.job.ID == job.ID {
			e.ss[i] = ent
			return
		}
	}
	e.ss = append(e.ss, ent)
}

// view is the job as it is now, tasks sorted by index (descending when desc).
// Call with e.mu held.
func (ent *ssEntry) view(now time.Time, desc bool) ServiceStageJob {
	p := ent.job.Progress
	if step := p.step(ent.state, now); step >= 0 {
		ent.job.Status = p.Statuses[step]
	}
	j := ent.job
	j.Tasks = slices.Clone(j.Tasks)
	slices.SortStableFunc(j.Tasks, func(a, b ServiceStageTask) int { return cmp.Compare(a.Index, b.Index) })
	for i := range j.Tasks {
		t := &j.Tasks[i]
		if t.Status == "" {
			t.Status = j.Status
		}
		if t.Messages == "" {
			t.Messages = "{}"
		}
	}
	if n := len(j.Tasks); n > 0 && j.FailureMessages != "" && ssFailure.has(j.Status) {
		j.Tasks[n-1].Messages = j.FailureMessages
	}
	if desc {
		slices.Reverse(j.Tasks)
	}
	return j
}

type ssJobJSON struct {
	ExecutionStatus   string `json:"execution_status"`
	JobID             string `json:"job_id"`
	JobType           string `json:"job_type"`
	OrderID           string `json:"order_id,omitempty"`
	ServiceInstanceID string `json:"service_instance_id,omitempty"`
}

type ssJobUpperJSON struct {
	ExecutionStatus   string `json:"EXECUTION_STATUS"`
	JobID             string `json:"JOB_ID"`
	JobType           string `json:"JOB_TYPE"`
	OrderID           string `json:"ORDER_ID,omitempty"`
	ProjectID         string `json:"PROJECT_ID,omitempty"`
	ServiceInstanceID string `json:"SERVICE_INSTANCE_ID,omitempty"`
}

type ssTaskJSON struct {
	TaskID     string `json:"task_id"`
	TaskIndex  int64  `json:"task_index"`
	TaskName   string `json:"task_name"`
	TaskStatus string `json:"task_status"`
	CreatedAt  string `json:"created_at,omitempty"`
	UpdateAt   string `json:"update_at,omitempty"`
	Messages   string `json:"messages"`
}

type ssTaskUpperJSON struct {
	TaskID     string `json:"TASK_ID"`
	TaskIndex  int64  `json:"TASK_INDEX"`
	TaskName   string `json:"TASK_NAME"`
	TaskStatus string `json:"TASK_STATUS"`
	CreatedAt  string `json:"CREATED_AT,omitempty"`
	UpdateAt   string `json:"UPDATE_AT,omitempty"`
	Messages   string `json:"MESSAGES"`
}

// serviceStageJob: GET /v3/{project_id}/cas/jobs/{job_id}, indented with four
// spaces like the page's example. It counts as a poll. limit 0 or absent
// returns every task from offset.
func (e *Emulator) serviceStageJob(jobID string, q url.Values) reply {
	bad := func(name string) reply {
		return serviceError(svcServiceStage, http.StatusBadRequest, codeSSBadParam, "Invalid parameter "+name+": "+q.Get(name), "")
	}
	limit, ok := intParam(q, "limit", 0)
	if !ok || limit < 0 {
		return bad("limit")
	}
	offset, ok := intParam(q, "offset", 0)
	if !ok || offset < 0 {
		return bad("offset")
	}
	desc := false
	switch q.Get("desc") {
	case "", "false":
	case "true":
		desc = true
	default:
		return bad("desc")
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	var ent *ssEntry
	for _, s := range e.ss {
		if s.job.ID == jobID {
			ent = s
		}
	}
	if ent == nil {
		return serviceError(svcServiceStage, http.StatusNotFound, codeSSJobAbsent, "Job "+jobID+" not found", "")
	}
	ent.state.polls++
	j := ent.view(e.cfg.Clock(), desc)
	lo, hi := page(len(j.Tasks), offset, limit)
	tasks := j.Tasks[lo:hi]

	var jobOut, tasksOut any
	if j.UpperCaseKeys {
		jobOut = ssJobUpperJSON{j.Status, j.ID, j.Type, j.OrderID, e.cfg.ProjectID, j.ServiceInstanceID}
		list := []ssTaskUpperJSON{}
		for _, t := range tasks {
			list = append(list, ssTaskUpperJSON{t.ID, t.Index, t.Name, t.Status, rfc3339Millis(t.CreatedAt), rfc3339Millis(t.UpdatedAt), t.Messages})
		}
		tasksOut = list
	} else {
		jobOut = ssJobJSON{j.Status, j.ID, j.Type, j.OrderID, j.ServiceInstanceID}
		list := []ssTaskJSON{}
		for _, t := range tasks {
			list = append(list, ssTaskJSON{t.ID, t.Index, t.Name, t.Status, rfc3339Millis(t.CreatedAt), rfc3339Millis(t.UpdatedAt), t.Messages})
		}
		tasksOut = list
	}
	return okReply(marshal(struct {
		Job       any `json:"job"`
		Tasks     any `json:"tasks"`
		TaskCount int `json:"task_count"`
	}{jobOut, tasksOut, len(j.Tasks)}, "    "))
}
