package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

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
		return serviceError(svcCSEList, http.StatusBadRequest, codeCSEEngineAbsent, "Failed to find the engine instance.", "engine_id: "+engineID)
	}
	now := e.cfg.Clock()
	// Only the page asked for is rendered (a bench engine has 10,000 jobs).
	var matched []CSEJob
	for _, ent := range entries {
		j := ent.view(now)
		if start := epochMillis(j.StartTime); start < from || start > to {
			continue
		}
		matched = append(matched, j)
	}
	lo, hi := e.paging.page(len(matched), offset, limit)
	data := make([]cseJobJSON, 0, hi-lo)
	for _, j := range matched[lo:hi] {
		data = append(data, cseJSON(engineID, j, false))
	}
	return okReply(marshal(struct {
		Total *int         `json:"total,omitempty"`
		Data  []cseJobJSON `json:"data"`
	}{e.paging.total(len(matched)), data}, "  "))
}

// cseShow: GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs/{job_id},
// indented with tabs like the page's example. It counts as a poll.
func (e *Emulator) cseShow(engineID, jobID string) reply {
	id, err := strconv.ParseInt(jobID, 10, 64)
	if err != nil {
		return serviceError(svcCSEShow, http.StatusBadRequest, codeCSEBadJobID, "Incorrect task ID format.", "job_id: "+jobID)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	entries, ok := e.cse[engineID]
	if !ok {
		return serviceError(svcCSEShow, http.StatusBadRequest, codeCSEEngineAbsent, "Failed to find the engine instance.", "engine_id: "+engineID)
	}
	for _, ent := range entries {
		if ent.job.ID == id {
			ent.state.polls++
			return okReply(marshal(cseJSON(engineID, ent.view(e.cfg.Clock()), true), "\t"))
		}
	}
	return serviceError(svcCSEShow, http.StatusBadRequest, codeCSEJobAbsent, "No task found.", "job_id: "+jobID)
}

// ===========================================================================
