package emulator

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DataArts Studio DLF job instances (runs)

// DLFInstance is a run of a DataArts Factory job, with its node instances.
// A job exists for the instance APIs when it has runs in the workspace or is
// a DLFJob of it.
type DLFInstance struct {
	JobName    string
	JobID      int64
	InstanceID int64
	Name       string // jobInstanceName; default JobName
	// Status is waiting, running, success, fail, running-exception, pause,
	// manual-stop, skip-by-depend, ...; Progress overrides it.
	Status     string
	PlanTime   time.Time
	SubmitTime time.Time // left out when zero
	StartTime  time.Time // left out when zero
	// EndTime is sent once the status is terminal; it is set when Progress
	// reaches a terminal status, if zero.
	EndTime time.Time
	// ExecuteTime is executeTime; when zero it is EndTime-StartTime once
	// terminal, the time since StartTime before.
	ExecuteTime   time.Duration
	InstanceType  int // 0 scheduled, 2 manual, 5 backfill, 6 sub-job schedule, 7 one-time schedule
	Version       int
	ForceSuccess  bool
	IgnoreSuccess bool
	// ErrorMessage is sent, even empty, once the status is terminal (as in
	// the fact sheet's example, where the running instance has none).
	ErrorMessage string
	Nodes        []DLFNode
	Progress     Progress // counted in GETs of the instance's detail
	Purge        Purge
}

// DLFNode is a node instance of a run.
type DLFNode struct {
	Name string
	Type string // HiveSQL, DLISQL, CDMJob, Shell, ...
	// Status is waiting, running, success, fail, skip, pause or
	// manual-stop; default: the run's status in the nodes' terms.
	Status        string
	Queue         string
	PlanTime      time.Time // default: the run's
	StartTime     time.Time // left out when zero
	EndTime       time.Time // sent once the node's status is terminal; default: the run's
	RetryTimes    int
	InputRowCount int64
	Speed         float64
	LogPath       string
}

var (
	dlfRunTerminal  = set("success", "fail", "running-exception", "manual-stop", "skip-by-depend", "forceSuccess", "ignoreSuccess")
	dlfNodeTerminal = set("success", "fail", "skip", "manual-stop")
)

type dlfRunEntry struct {
	run   DLFInstance
	state progressState
}

// dlfMaxWindow is the widest plan-time window the list API accepts.
const dlfMaxWindow = 7 * 24 * time.Hour

// AddDLFInstance adds a run to a workspace ("" is the default workspace),
// replacing the workspace's run of the same instance id in place.
func (e *Emulator) AddDLFInstance(workspace string, run DLFInstance) {
	run.Nodes = slices.Clone(run.Nodes)
	run.Progress.Statuses = slices.Clone(run.Progress.Statuses)
	ent := &dlfRunEntry{run: run, state: progressState{added: e.cfg.Clock()}}
	e.mu.Lock()
	defer e.mu.Unlock()
	runs := e.dlfRuns[workspace]
	for i, old := range runs {
		if old.run.InstanceID == run.InstanceID {
			runs[i] = ent
			return
		}
	}
	e.dlfRuns[workspace] = append(runs, ent)
}

// UseCamelCaseDLFErrors makes the instance APIs answer the errors of a
// workspace with the keys of the API definition, errorCode and errorMsg,
// instead of error_code and error_msg.
func (e *Emulator) UseCamelCaseDLFErrors(workspace string, camel bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dlfCamelErrors[workspace] = camel
}

// dlfError is an error (400) of the instance APIs in the workspace's key
// casing.
// Call with e.mu held.
func (e *Emulator) dlfError(workspace, code, msg string) reply {
	const status = http.StatusBadRequest // DataArts answers 400 for all of these
	if e.dlfCamelErrors[workspace] {
		return reply{status: status, body: object("errorCode", code, "errorMsg", msg)}
	}
	return reply{status: status, body: object("error_code", code, "error_msg", msg)}
}

// view is the run as it is now: progress applied (and recorded: a terminal
// status fixes EndTime), defaults filled. Call with e.mu held.
func (ent *dlfRunEntry) view(now time.Time) DLFInstance {
	p := ent.run.Progress
	if step := p.step(ent.state, now); step >= 0 {
		ent.run.Status = p.Statuses[step]
		if dlfRunTerminal.has(ent.run.Status) && ent.run.EndTime.IsZero() {
			ent.run.EndTime = p.reachedAt(ent.state, step, now)
		}
	}
	r := ent.run
	if r.Name == "" {
		r.Name = r.JobName
	}
	if r.ExecuteTime == 0 && !r.StartTime.IsZero() {
		end := now
		if dlfRunTerminal.has(r.Status) {
			end = r.EndTime
		}
		r.ExecuteTime = max(0, end.Sub(r.StartTime))
	}
	r.Nodes = slices.Clone(r.Nodes)
	for i := range r.Nodes {
		n := &r.Nodes[i]
		if n.Status == "" {
			n.Status = nodeStatusOf(r.Status)
		}
		if n.PlanTime.IsZero() {
			n.PlanTime = r.PlanTime
		}
		if n.EndTime.IsZero() {
			n.EndTime = r.EndTime
		}
	}
	return r
}

// nodeStatusOf is the status of a node that follows its run.
func nodeStatusOf(run string) string {
	switch strings.ToLower(run) {
	case "success", "forcesuccess", "ignoresuccess":
		return "success"
	case "fail", "running-exception":
		return "fail"
	case "manual-stop":
		return "manual-stop"
	case "skip-by-depend":
		return "skip"
	case "running", "pause":
		return strings.ToLower(run)
	}
	return "waiting"
}

// dlfWorkspaceKnown reports whether a workspace has jobs or runs ("" always exists).
// Call with e.mu held.
func (e *Emulator) dlfWorkspaceKnown(workspace string) bool {
	return workspace == "" || len(e.dlf[workspace]) > 0 || len(e.dlfRuns[workspace]) > 0
}

// dlfJobKnown reports whether a job exists in a workspace. Call with e.mu
// held.
func (e *Emulator) dlfJobKnown(workspace, name string, now time.Time) bool {
	for _, j := range e.dlf[workspace] {
		if j.Name == name {
			return true
		}
	}
	for _, ent := range e.dlfRuns[workspace] {
		if ent.run.JobName == name && !ent.run.Purge.gone(ent.state, now) {
			return true
		}
	}
	return false
}

// dlfInstanceList: GET /v1/{project_id}/jobs/instances/detail, laid out
// like the fact sheet's example. offset counts records; the plan-time
// window defaults to today 00:00 (UTC) to now and may span 7 days at most.
// An unknown job lists nothing.
func (e *Emulator) dlfInstanceList(workspace string, q url.Values) reply {
	get := q.Get
	e.mu.Lock()
	defer e.mu.Unlock()
	bad := func(name string) reply {
		return e.dlfError(workspace, codeDLFBadParam, "The request parameter is invalid: "+name+"="+get(name))
	}
	if !e.dlfWorkspaceKnown(workspace) {
		return e.dlfError(workspace, codeDLFNoWorkspace, "The workspace "+workspace+" does not exist.")
	}
	integer := func(name string, def int64) (int64, bool) {
		s := get(name)
		if s == "" {
			return def, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	limit, ok := integer("limit", 10)
	if !ok || limit < 1 || limit > 1000 {
		return bad("limit")
	}
	offset, ok := integer("offset", 0)
	if !ok || offset < 0 {
		return bad("offset")
	}
	instanceType, ok := integer("instanceType", -1)
	if !ok {
		return bad("instanceType")
	}
	precise := false
	switch get("preciseQuery") {
	case "", "false":
	case "true":
		precise = true
	default:
		return bad("preciseQuery")
	}
	now := e.cfg.Clock()
	minPlan, ok := integer("minPlanTime", now.UTC().Truncate(24*time.Hour).UnixMilli())
	if !ok {
		return bad("minPlanTime")
	}
	maxPlan, ok := integer("maxPlanTime", now.UnixMilli())
	if !ok {
		return bad("maxPlanTime")
	}
	if minPlan > maxPlan || maxPlan-minPlan > dlfMaxWindow.Milliseconds() {
		return e.dlfError(workspace, codeDLFBadParam,
			"The plan time window from minPlanTime to maxPlanTime must not be reversed or exceed 7 days.")
	}
	name, status := get("jobName"), get("status")

	var matched []DLFInstance
	for _, ent := range e.dlfRuns[workspace] {
		if ent.run.Purge.gone(ent.state, now) {
			continue
		}
		r := ent.view(now)
		switch {
		case precise && r.JobName != name, !precise && !strings.Contains(r.JobName, name),
			status != "" && r.Status != status,
			instanceType >= 0 && int64(r.InstanceType) != instanceType:
			continue
		}
		if plan := r.PlanTime.UnixMilli(); plan < minPlan || plan > maxPlan {
			continue
		}
		matched = append(matched, r)
	}
	lo, hi := e.paging.page(len(matched), int(min(offset, int64(len(matched)))), int(limit))
	var b bytes.Buffer
	b.WriteString("{\n  ")
	if total := e.paging.total(len(matched)); total != nil {
		b.WriteString("\"total\": " + strconv.Itoa(*total) + ",\n  ")
	}
	b.WriteString("\"instances\": [")
	for i, r := range matched[lo:hi] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		writeLines(&b, dlfListItem(r), "     ", true)
	}
	if hi > lo {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}")
	return okReply(b.Bytes())
}

// dlfInstanceShow: GET /v1/{project_id}/jobs/{job_name}/instances/{instance_id},
// laid out like the fact sheet's example. It counts as a poll. An unknown
// job is DLF.0100, an unknown or purged run of a known job DLF.0137 (400).
func (e *Emulator) dlfInstanceShow(workspace, jobName, instanceID string) reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.dlfWorkspaceKnown(workspace) {
		return e.dlfError(workspace, codeDLFNoWorkspace, "The workspace "+workspace+" does not exist.")
	}
	id, err := strconv.ParseInt(instanceID, 10, 64)
	if err != nil {
		return e.dlfError(workspace, codeDLFBadParam, "The request parameter is invalid: instance_id="+instanceID)
	}
	now := e.cfg.Clock()
	for _, ent := range e.dlfRuns[workspace] {
		if ent.run.JobName != jobName || ent.run.InstanceID != id || ent.run.Purge.gone(ent.state, now) {
			continue
		}
		ent.state.polls++
		r := ent.view(now)
		var b bytes.Buffer
		b.WriteString("{\n  ")
		writeLines(&b, dlfDetailTop(r), "  ", false)
		b.WriteString(",\n  \"nodes\": [")
		for i, n := range r.Nodes {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			writeLines(&b, dlfNodeItem(n, r.InstanceID), "     ", true)
		}
		if len(r.Nodes) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("]\n}")
		return okReply(b.Bytes())
	}
	if e.dlfJobKnown(workspace, jobName, now) {
		return e.dlfError(workspace, codeDLFInstanceAbsent, "The job instance does not exist.")
	}
	return e.dlfError(workspace, codeDLFJobAbsent, "The job does not exist.")
}

// member is one key and value of an object laid out by writeLines; skip
// leaves it out.
type member struct {
	key   string
	value any
	skip  bool
}

// writeLines writes the members of an object as the fact sheet's examples
// lay them out: several on a line, ", " between the members of a line and
// "," and indent between lines; in braces when braced, bare (the caller
// writes the braces) otherwise.
func writeLines(b *bytes.Buffer, lines [][]member, indent string, braced bool) {
	sep := ",\n" + indent
	if braced {
		b.WriteByte('{')
	}
	first := true
	for _, line := range lines {
		inLine := 0
		for _, m := range line {
			if m.skip {
				continue
			}
			switch {
			case first:
			case inLine == 0:
				b.WriteString(sep)
			default:
				b.WriteString(", ")
			}
			first = false
			inLine++
			b.Write(marshal(m.key, ""))
			b.WriteString(": ")
			b.Write(marshal(m.value, ""))
		}
	}
	if braced {
		b.WriteByte('}')
	}
}

func dlfListItem(r DLFInstance) [][]member {
	done := dlfRunTerminal.has(r.Status)
	return [][]member{
		{{"jobName", r.JobName, false}, {"jobId", r.JobID, false}, {"instanceId", r.InstanceID, false}, {"jobInstanceName", r.Name, false}},
		{{"status", r.Status, false}, {"planTime", epochMillis(r.PlanTime), false}, {"submitTime", epochMillis(r.SubmitTime), r.SubmitTime.IsZero()}},
		{{"startTime", epochMillis(r.StartTime), r.StartTime.IsZero()}, {"endTime", epochMillis(r.EndTime), !done || r.EndTime.IsZero()},
			{"executeTime", r.ExecuteTime.Milliseconds(), false}},
		{{"instanceType", r.InstanceType, false}, {"version", r.Version, false}, {"forceSuccess", r.ForceSuccess, false},
			{"ignoreSuccess", r.IgnoreSuccess, false}, {"errorMessage", r.ErrorMessage, !done}},
	}
}

func dlfDetailTop(r DLFInstance) [][]member {
	done := dlfRunTerminal.has(r.Status)
	return [][]member{
		{{"jobName", r.JobName, false}, {"instanceId", r.InstanceID, false}, {"status", r.Status, false}},
		{{"planTime", epochMillis(r.PlanTime), false}, {"startTime", epochMillis(r.StartTime), r.StartTime.IsZero()},
			{"endTime", epochMillis(r.EndTime), !done || r.EndTime.IsZero()}},
		{{"executeTime", r.ExecuteTime.Milliseconds(), false}, {"instanceType", r.InstanceType, false},
			{"forceSuccess", r.ForceSuccess, false}, {"ignoreSuccess", r.IgnoreSuccess, false}, {"total", len(r.Nodes), false}},
	}
}

func dlfNodeItem(n DLFNode, instanceID int64) [][]member {
	done := dlfNodeTerminal.has(n.Status)
	return [][]member{
		{{"nodeName", n.Name, false}, {"status", n.Status, false}, {"type", n.Type, false}, {"queue", n.Queue, false}},
		{{"planTime", epochMillis(n.PlanTime), false}, {"startTime", epochMillis(n.StartTime), n.StartTime.IsZero()},
			{"endTime", epochMillis(n.EndTime), !done || n.EndTime.IsZero()}},
		{{"retryTimes", n.RetryTimes, false}, {"instanceId", instanceID, false}, {"inputRowCount", n.InputRowCount, false}, {"speed", n.Speed, false}},
		{{"logPath", n.LogPath, false}},
	}
}

// ===========================================================================
