package emulator

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
)

// The job APIs of hwcjobs_job (internal/jobfamily), served under the
// endpoint-key prefix of each service (http://host/<key>/...): the v1 and
// database job APIs share their paths, so the prefix tells them apart.

func init() {
	for _, ep := range jobfamily.Endpoints() {
		endpointPrefixes[ep.Key] = true
	}
	endpointPrefixes["mrs"] = true
}

// FamilyJob is a job of a service of hwcjobs_job. Its fields are those of
// the body of the emulator's control API (POST /hwcjobs-emulator/jobs).
type FamilyJob struct {
	// Service is a service of hwcjobs_job ("ecs", "rds", "dli_spark", ...).
	Service string `json:"service"`
	// ID is the job id; AddFamilyJob makes one when empty.
	ID string `json:"id,omitempty"`
	// Type is the job_type (a database job's name); a default per service
	// when empty.
	Type string `json:"type,omitempty"`
	// Statuses are shown in turn, the last one then kept; each must be one
	// the service's table knows.
	Statuses []string `json:"statuses"`
	// Every is "poll" or "" (one status further at each read of the job),
	// or a duration ("2s": one status further each such time since the job
	// was added, on Config.Clock).
	Every string `json:"every,omitempty"`
	// Reason is the failure text, shown while the status is a failure.
	Reason string `json:"reason,omitempty"`
	// ReasonInSubJob puts Reason in the job's sub-job only (v1 and ELB
	// shapes), the job's own failure fields staying null.
	ReasonInSubJob bool `json:"reason_in_sub_job,omitempty"`
	// ErrorCode is the error_code of a failure.
	ErrorCode string `json:"error_code,omitempty"`
	// SubJobs are the job's sub-jobs (v1 and ELB shapes), each in the
	// job's status; the first carries Reason with ReasonInSubJob.
	SubJobs []FamilySubJob `json:"sub_jobs,omitempty"`
	// Entities are the job's entities (v1 shapes, sent as given), or the
	// scalar fields of ELB (resource_id), DLI (queue_name, owner,
	// database_name, table_name) and Spark batches (appId, name, queue,
	// owner), and a database job's instance (instance_id, instance_name).
	Entities map[string]any `json:"entities,omitempty"`
	// Progress is the progress field as sent, for the shapes that have one.
	Progress string `json:"progress,omitempty"`
	// Started is when the job began; the time it was added when zero.
	Started time.Time `json:"started,omitzero"`
	// MissingPolls answers "not found" to the first reads of the job, and
	// MissingFor until that long after it was added: a job id that the API
	// does not know yet.
	MissingPolls int           `json:"missing_polls,omitempty"`
	MissingFor   time.Duration `json:"-"`
	// Purge makes the API forget the job.
	Purge Purge `json:"-"`
}

// FamilySubJob is a sub-job of a FamilyJob.
type FamilySubJob struct {
	ID       string         `json:"id"`
	Type     string         `json:"type,omitempty"`
	Entities map[string]any `json:"entities,omitempty"`
	// Started is when it began; the job's start when zero.
	Started time.Time `json:"started,omitzero"`
}

type familyEntry struct {
	job      FamilyJob
	svc      jobfamily.Service
	progress Progress
	state    progressState
	hidden   int       // not-found answers served of MissingPolls
	ended    time.Time // when the job was first shown ended
}

// AddFamilyJob adds a job of a service of hwcjobs_job. It refuses an
// unknown service, no status or a status the service does not know, an
// Every that is neither "poll" nor a duration, and an id already held, with
// an error that says why. It returns the job as held (with its id).
func (e *Emulator) AddFamilyJob(j FamilyJob) (FamilyJob, error) {
	svc, ok := jobfamily.Lookup(j.Service)
	if !ok {
		return j, fmt.Errorf("unknown service %q: the services of hwcjobs_job are %s", j.Service, strings.Join(jobfamily.Names(), ", "))
	}
	if len(j.Statuses) == 0 {
		return j, errors.New("statuses is empty: give the statuses the job shows, in order")
	}
	for _, s := range j.Statuses {
		if !svc.Knows(s) {
			return j, fmt.Errorf("status %q is not one of %s: %s", s, j.Service, strings.Join(svc.Statuses(), ", "))
		}
	}
	p := Progress{Statuses: slices.Clone(j.Statuses)}
	switch j.Every {
	case "", "poll":
	default:
		d, err := time.ParseDuration(j.Every)
		if err != nil || d <= 0 {
			return j, fmt.Errorf("every %q is neither \"poll\" nor a positive duration such as \"2s\"", j.Every)
		}
		p.Every = d
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if j.ID == "" {
		j.ID = fmt.Sprintf("ff8080817%023x", e.seq.Add(1))
	}
	if e.familyJob(j.ID) != nil || e.mrsJob(j.ID) != nil {
		return j, &DuplicateError{ID: j.ID}
	}
	j.Statuses = slices.Clone(j.Statuses)
	j.SubJobs = slices.Clone(j.SubJobs)
	j.Entities = maps.Clone(j.Entities)
	e.families = append(e.families, &familyEntry{job: j, svc: svc, progress: p, state: progressState{added: e.cfg.Clock()}})
	return j, nil
}

// DuplicateError is a job id that the emulator already holds.
type DuplicateError struct{ ID string }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("a job with id %q is already held: forget it first, or leave id out to get a new one", e.ID)
}

// ForgetFamilyJob forgets a job added with AddFamilyJob or AddMRSJob: the
// API then answers "not found" for it. It reports whether the job was held.
func (e *Emulator) ForgetFamilyJob(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, ent := range e.families {
		if ent.job.ID == id {
			e.families = slices.Delete(e.families, i, i+1)
			return true
		}
	}
	for i, ent := range e.mrs {
		if ent.job.ID == id {
			e.mrs = slices.Delete(e.mrs, i, i+1)
			return true
		}
	}
	return false
}

// holdsFamilyJob reports whether a job of AddFamilyJob or AddMRSJob has
// that id.
func (e *Emulator) holdsFamilyJob(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.familyJob(id) != nil || e.mrsJob(id) != nil
}

// FamilyJobs are the jobs added with AddFamilyJob, in order.
func (e *Emulator) FamilyJobs() []FamilyJob {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]FamilyJob, len(e.families))
	for i, ent := range e.families {
		out[i] = ent.job
	}
	return out
}

// familyJob is the entry of id; call with e.mu held.
func (e *Emulator) familyJob(id string) *familyEntry {
	for _, ent := range e.families {
		if ent.job.ID == id {
			return ent
		}
	}
	return nil
}

// entity is a scalar entity as a string.
func (v familyView) entity(k string) string {
	switch e := v.Entities[k].(type) {
	case nil:
		return ""
	case string:
		return e
	default:
		return fmt.Sprint(e)
	}
}

// familyRoute recognises the job API of an endpoint key's service (or MRS)
// in a path's segments after the prefix.
func familyRoute(key string, s []string) (route, bool) {
	for _, svc := range jobfamily.Services {
		if svc.Endpoint != key {
			continue
		}
		if params, ok := matchPath(svc.Path, s); ok {
			return route{svc: svcFamily, project: params["project_id"], job: params["job_id"], family: svc.Name}, true
		}
	}
	if key == "mrs" {
		if params, ok := matchPath(mrsPath, s); ok {
			return route{svc: svcMRS, project: params["project_id"], engine: params["cluster_id"], job: params["job_id"]}, true
		}
	}
	return route{}, false
}

// matchPath matches segments against an API path with {placeholders}.
func matchPath(pattern string, s []string) (map[string]string, bool) {
	p := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	if len(p) != len(s) {
		return nil, false
	}
	params := map[string]string{}
	for i, seg := range p {
		switch {
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			params[seg[1:len(seg)-1]] = s[i]
		case seg != s[i]:
			return nil, false
		}
	}
	return params, true
}

// familyAnswer answers the job API of a service of hwcjobs_job. A read of
// a job counts as a poll of it.
func (e *Emulator) familyAnswer(r *http.Request, rt route) reply {
	svc, _ := jobfamily.Lookup(rt.family)
	jobID := rt.job
	if svc.IDQuery != "" {
		jobID = r.URL.Query().Get(svc.IDQuery)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.cfg.Clock()
	ent := e.familyJob(jobID)
	if ent != nil && ent.svc.Name != svc.Name {
		ent = nil // another service's job
	}
	if ent != nil && ent.job.Purge.gone(ent.state, now) {
		ent = nil
	}
	if ent != nil && ent.hidden < ent.job.MissingPolls {
		ent.hidden++
		ent = nil
	}
	if ent != nil && ent.job.MissingFor > 0 && now.Sub(ent.state.added) < ent.job.MissingFor {
		ent = nil
	}
	if ent == nil {
		return familyNotFound(svc, jobID)
	}
	ent.state.polls++
	step := ent.progress.step(ent.state, now)
	status := ent.progress.Statuses[step]
	v := familyView{FamilyJob: ent.job, status: status, class: svc.ClassOf(status), started: ent.job.Started}
	if v.started.IsZero() {
		v.started = ent.state.added
	}
	if v.class == jobfamily.Success || v.class == jobfamily.Failure {
		if ent.ended.IsZero() { // once ended, a job keeps its end time
			ent.ended = ent.progress.reachedAt(ent.state, step, now)
		}
		v.ended = ent.ended
		if v.ended.Before(v.started) {
			v.ended = v.started
		}
	}
	return okReply(renderFamily(svc, v, e.cfg.ProjectID))
}

// familyView is a job as one read shows it.
type familyView struct {
	FamilyJob
	status         string
	class          jobfamily.Class
	started, ended time.Time
}

// failed reports a failure status, whose reason the job shows.
func (v familyView) failed() bool { return v.class == jobfamily.Failure }

// ownReason is the job's own failure text, or nil.
func (v familyView) ownReason() any {
	if !v.failed() || v.ReasonInSubJob || v.Reason == "" {
		return nil
	}
	return v.Reason
}

func (v familyView) errorCode() any {
	if !v.failed() || v.ErrorCode == "" {
		return nil
	}
	return v.ErrorCode
}

// familyNotFound is the "not found" of each API: a 404 of the job API, an
// empty list for GeminiDB, a 400 with DLI.0002 for DLI.
func familyNotFound(svc jobfamily.Service, id string) reply {
	switch svc.Shape {
	case jobfamily.ShapeGeminiDB:
		return okReply([]byte(`{"jobs":[],"total_count":0}`))
	case jobfamily.ShapeDLISQL, jobfamily.ShapeDLISpark:
		return reply{status: http.StatusBadRequest, body: marshal(map[string]any{
			"is_success": false, "error_code": "DLI.0002", "error_msg": "The job " + id + " does not exist."}, "")}
	case jobfamily.ShapeDatabase:
		return reply{status: http.StatusNotFound, body: object("error_code", "DBS.280238", "error_msg", "The job "+id+" does not exist.")}
	case jobfamily.ShapeELB:
		return reply{status: http.StatusNotFound, body: object("error_code", "ELB.8902", "error_msg", "Job "+id+" could not be found.")}
	}
	return reply{status: http.StatusNotFound, body: []byte(`{"error":` +
		string(object("code", strings.ToUpper(svc.Title[:1])+strings.ToLower(svc.Title[1:])+".0114", "message", "Job "+id+" does not exist.")) + `}`)}
}

// shanghai is the +0800 of the database job APIs' times.
var shanghai = time.FixedZone("", 8*3600)

// renderFamily is the answer of a job in the shape of its service. The v1
// shapes are maps, whose keys encoding/json sorts, as the fact sheet's
// examples have them.
func renderFamily(svc jobfamily.Service, v familyView, projectID string) []byte {
	switch svc.Shape {
	case jobfamily.ShapeV1:
		return marshal(v1Body(svc, v, false), "")
	case jobfamily.ShapeDatabase:
		return marshal(struct {
			Job any `json:"job"`
		}{databaseBody(svc, v)}, "")
	case jobfamily.ShapeGeminiDB:
		return marshal(struct {
			Jobs       []any `json:"jobs"`
			TotalCount int   `json:"total_count"`
		}{[]any{databaseBody(svc, v)}, 1}, "")
	case jobfamily.ShapeELB:
		return marshal(struct {
			Job       any    `json:"job"`
			RequestID string `json:"request_id"`
		}{elbBody(v, projectID), "a6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"}, "")
	case jobfamily.ShapeDLISQL:
		return marshal(dliBody(v), "")
	default:
		return marshal(sparkBody(v), "")
	}
}

// v1Time renders a v1 time: RFC 3339 with milliseconds, or DCS's epoch
// milliseconds as a string; "" when unset.
func v1Time(svc jobfamily.Service, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if svc.Name == "dcs" {
		return strconv.FormatInt(t.UnixMilli(), 10)
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

var defaultTypes = map[string]string{
	"ecs": "createServer", "evs": "createVolume", "ims": "createImage", "bms": "baremetalBatchCreate", "sdrs": "createProtectionGroup",
	"deh": "allocateDedicatedHost", "eip": "createPublicIp", "dcs": "masterStandbySwapJob", "elb": "COPY_LOADBALANCER",
	"dli": "QUERY", "rds": "RestoreInstance", "gaussdb_mysql": "ResizeFlavor", "opengauss": "CreateInstance",
	"dds": "Create_MongoDB", "geminidb": "CreateMongoDB",
}

func (v familyView) jobType() string {
	if v.Type != "" {
		return v.Type
	}
	return defaultTypes[v.Service]
}

// v1Body is a v1 job, or a sub-job (sub): error_code and fail_reason appear
// once the job is done, as the examples show.
func v1Body(svc jobfamily.Service, v familyView, sub bool) map[string]any {
	body := map[string]any{
		"job_id": v.ID, "job_type": v.jobType(), "status": v.status,
		"begin_time": v1Time(svc, v.started), "end_time": v1Time(svc, v.ended),
	}
	entities := map[string]any{}
	for k, val := range v.Entities {
		entities[k] = val
	}
	if v.Progress != "" && svc.Name == "ims" {
		if f, err := strconv.ParseFloat(v.Progress, 64); err == nil {
			entities["process_percent"] = f
		}
	}
	if !sub && len(v.SubJobs) > 0 {
		var subs []any
		for i, sj := range v.SubJobs {
			s := v
			s.ID, s.Type, s.Entities, s.SubJobs, s.Progress = sj.ID, sj.Type, sj.Entities, nil, ""
			if !sj.Started.IsZero() {
				s.started = sj.Started
			}
			s.ReasonInSubJob = false
			if !v.ReasonInSubJob || i > 0 {
				s.Reason = ""
			}
			subs = append(subs, v1SubBody(svc, s))
		}
		key := "sub_jobs"
		if svc.Name == "ims" {
			key = "sub_jobs_result"
		}
		entities[key] = subs
		entities["sub_jobs_total"] = len(subs)
	}
	if len(entities) > 0 || svc.Name != "dcs" {
		body["entities"] = entities
	}
	if v.class == jobfamily.Success || v.class == jobfamily.Failure {
		body["error_code"] = v.errorCode()
		body["fail_reason"] = v.ownReason()
	}
	return body
}

// v1SubBody is a sub-job, with the failure fields of its service: BMS's
// code and message, IMS's entities.error, ECS's entities.errorcode_message
// beside fail_reason.
func v1SubBody(svc jobfamily.Service, s familyView) map[string]any {
	body := v1Body(svc, s, true)
	reason := s.ownReason()
	if reason == nil {
		return body
	}
	entities, _ := body["entities"].(map[string]any)
	switch svc.Name {
	case "bms":
		body["fail_reason"] = nil
		body["code"], body["message"] = "BMS.0001", reason
	case "ims":
		body["fail_reason"] = nil
		entities["error"] = reason
	case "ecs":
		entities["errorcode_message"] = reason
	}
	return body
}

type databaseInstance struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// databaseBody is a job of the database task centre: the key order of the
// DDS example; RDS and TaurusDB name the progress process and send +0800
// times.
func databaseBody(svc jobfamily.Service, v familyView) any {
	zone := time.UTC
	if svc.Name == "rds" || svc.Name == "gaussdb_mysql" || svc.Name == "geminidb" {
		zone = shanghai
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(zone).Format("2006-01-02T15:04:05-0700")
	}
	inst := &databaseInstance{ID: v.entity("instance_id"), Name: v.entity("instance_name")}
	if inst.ID == "" && inst.Name == "" {
		inst = nil
	}
	progress := v.Progress
	if svc.Shape == jobfamily.ShapeGeminiDB {
		return struct {
			ID         string            `json:"id"`
			Name       string            `json:"name"`
			Status     string            `json:"status"`
			StartTime  string            `json:"start_time"`
			EndTime    string            `json:"end_time"`
			Progress   string            `json:"progress"`
			Instance   *databaseInstance `json:"instance,omitempty"`
			FailReason any               `json:"fail_reason"`
		}{v.ID, v.jobType(), v.status, at(v.started), at(v.ended), progress, inst, v.ownReason()}
	}
	if svc.Name == "rds" || svc.Name == "gaussdb_mysql" {
		return struct {
			ID         string            `json:"id"`
			Name       string            `json:"name"`
			Status     string            `json:"status"`
			Created    string            `json:"created"`
			Ended      string            `json:"ended"`
			Process    string            `json:"process"`
			Instance   *databaseInstance `json:"instance,omitempty"`
			FailReason any               `json:"fail_reason"`
		}{v.ID, v.jobType(), v.status, at(v.started), at(v.ended), progress, inst, v.ownReason()}
	}
	return struct {
		ID         string            `json:"id"`
		Name       string            `json:"name"`
		Status     string            `json:"status"`
		Created    string            `json:"created"`
		Ended      string            `json:"ended"`
		Progress   string            `json:"progress"`
		Instance   *databaseInstance `json:"instance,omitempty"`
		FailReason any               `json:"fail_reason"`
	}{v.ID, v.jobType(), v.status, at(v.started), at(v.ended), progress, inst, v.ownReason()}
}

type elbJobJSON struct {
	Status     string       `json:"status"`
	BeginTime  string       `json:"begin_time"`
	EndTime    any          `json:"end_time"`
	JobID      string       `json:"job_id"`
	JobType    string       `json:"job_type"`
	ErrorCode  any          `json:"error_code"`
	ErrorMsg   any          `json:"error_msg"`
	ProjectID  string       `json:"project_id"`
	ResourceID string       `json:"resource_id"`
	SubJobs    []elbJobJSON `json:"sub_jobs,omitempty"`
}

func elbBody(v familyView, projectID string) elbJobJSON {
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format("2006-01-02T15:04:05Z")
	}
	begin, _ := at(v.started).(string)
	j := elbJobJSON{
		Status: v.status, BeginTime: begin, EndTime: at(v.ended), JobID: v.ID, JobType: v.jobType(),
		ErrorCode: v.errorCode(), ErrorMsg: v.ownReason(), ProjectID: projectID, ResourceID: v.entity("resource_id"),
	}
	for i, sj := range v.SubJobs {
		s := v
		s.ID, s.Type, s.Entities, s.SubJobs, s.ReasonInSubJob = sj.ID, sj.Type, sj.Entities, nil, false
		if !v.ReasonInSubJob || i > 0 {
			s.Reason = ""
		}
		j.SubJobs = append(j.SubJobs, elbBody(s, projectID))
	}
	return j
}

func dliBody(v familyView) any {
	var duration int64
	if !v.ended.IsZero() {
		duration = v.ended.Sub(v.started).Milliseconds()
	}
	message := ""
	if v.failed() {
		message = v.Reason
	}
	return struct {
		IsSuccess    bool   `json:"is_success"`
		Message      string `json:"message"`
		JobID        string `json:"job_id"`
		JobType      string `json:"job_type"`
		QueueName    string `json:"queue_name"`
		Owner        string `json:"owner"`
		StartTime    int64  `json:"start_time"`
		Duration     int64  `json:"duration"`
		Status       string `json:"status"`
		DatabaseName string `json:"database_name,omitempty"`
		TableName    string `json:"table_name,omitempty"`
	}{true, message, v.ID, v.jobType(), v.entity("queue_name"), v.entity("owner"), epochMillis(v.started), duration,
		v.status, v.entity("database_name"), v.entity("table_name")}
}

func sparkBody(v familyView) any {
	log := []string{"INFO SparkContext: Running Spark version 3.3.1"}
	if v.failed() && v.Reason != "" {
		log = append(log, strings.Split(v.Reason, "\n")...)
	}
	updated := v.ended
	if updated.IsZero() {
		updated = v.started
	}
	return struct {
		ID         string   `json:"id"`
		State      string   `json:"state"`
		AppID      string   `json:"appId"`
		Name       string   `json:"name"`
		Queue      string   `json:"queue"`
		Owner      string   `json:"owner"`
		CreateTime int64    `json:"create_time"`
		UpdateTime int64    `json:"update_time"`
		Log        []string `json:"log"`
	}{v.ID, v.status, v.entity("appId"), v.entity("name"), v.entity("queue"), v.entity("owner"),
		epochMillis(v.started), epochMillis(updated), log}
}
