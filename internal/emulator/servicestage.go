package emulator

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"
)

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
	lo, hi := e.paging.page(len(j.Tasks), offset, limit)
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
		Job       any  `json:"job"`
		Tasks     any  `json:"tasks"`
		TaskCount *int `json:"task_count,omitempty"`
	}{jobOut, tasksOut, e.paging.total(len(j.Tasks))}, "    "))
}
