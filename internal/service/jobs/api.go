// Package jobs is hwcjobs_job: one data source for the job APIs that many
// Huawei Cloud services share, driven by the table of internal/jobfamily.
// Each answer shape decodes into one job record, so that the mapping, the
// wait and the failure text are the same whatever the service.
package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// job is a job of any shape, and each of its sub-jobs.
type job struct {
	ID                     string
	Type                   *string
	Status                 string
	Reason                 string
	Code                   string
	Progress               *string
	StartedAt, CompletedAt convert.Time
	Entities               map[string]string
	SubJobs                []job
	hasStatus              bool
	queryFailure           string // code and message of an answer without a status
}

// ErrNoStatus is an answer of the job's own request without any status:
// the v1 APIs' code and message of a query that failed.
var ErrNoStatus = errors.New("the answer has no status")

// text is a scalar the APIs send as a string, and sometimes as another
// JSON value: kept as its JSON text then; null is absent.
type text struct {
	S     string
	Valid bool
}

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = text{}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text{S: s, Valid: true}
	default:
		*t = text{S: string(b), Valid: true}
	}
	return nil
}

// ptr is the text as an optional string: nil when absent or empty.
func (t text) ptr() *string {
	if !t.Valid || t.S == "" {
		return nil
	}
	s := t.S
	return &s
}

// scalars are the scalar fields of an object (strings, numbers, booleans)
// as strings, but for the keys left out; nested objects, arrays and nulls
// are left out too.
func scalars(fields map[string]json.RawMessage, leaveOut ...string) map[string]string {
	if fields == nil {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, raw := range fields {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] == '{' || raw[0] == '[' || bytes.Equal(raw, []byte("null")) || slices.Contains(leaveOut, k) {
			continue
		}
		var t text
		if err := t.UnmarshalJSON(raw); err == nil {
			out[k] = t.S
		}
	}
	return out
}

// field is a named scalar of an API without entities.
type field struct {
	name  string
	value text
}

// fields are the present fields as entities.
func fields(fs ...field) map[string]string {
	m := map[string]string{}
	for _, f := range fs {
		if f.value.Valid {
			m[f.name] = f.value.S
		}
	}
	return m
}

// withCode is a failure text with its error code in front, as the APIs'
// own messages write them ("Ecs.0010: ..."); the text alone without a code,
// and nothing without a text.
func withCode(code, text string) string {
	code, text = strings.TrimSpace(code), strings.TrimSpace(text)
	if code == "" || text == "" || strings.HasPrefix(text, code) {
		return text
	}
	return code + ": " + text
}

// joinTexts joins the non-empty texts, each once.
func joinTexts(texts ...string) string {
	var out []string
	for _, s := range texts {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}

// ---------------------------------------------------------------------------
// IaaS v1 jobs and DCS

type v1Job struct {
	Status     text                       `json:"status"`
	JobID      text                       `json:"job_id"`
	JobType    text                       `json:"job_type"`
	BeginTime  convert.Time               `json:"begin_time"`
	EndTime    convert.Time               `json:"end_time"`
	ErrorCode  text                       `json:"error_code"`
	FailReason text                       `json:"fail_reason"`
	Code       text                       `json:"code"`
	Message    text                       `json:"message"`
	Entities   map[string]json.RawMessage `json:"entities"`
}

func (w *v1Job) record(sub bool) (job, error) {
	j := job{
		ID: w.JobID.S, Type: w.JobType.ptr(), Status: w.Status.S, hasStatus: w.Status.Valid && w.Status.S != "",
		StartedAt: w.BeginTime, CompletedAt: w.EndTime, Code: w.ErrorCode.S,
		Entities: scalars(w.Entities, "sub_jobs", "sub_jobs_result"),
	}
	entity := func(k string) string { return j.Entities[k] }
	if p, ok := j.Entities["process_percent"]; ok {
		j.Progress = &p
	}
	// A sub-job's code and message are its failure (BMS); the job's own are
	// those of a query that failed.
	var message string
	if sub && w.Message.S != "" {
		message = w.Message.S
		if w.Code.S != "" {
			message = w.Code.S + ": " + message
		}
	}
	if sub && j.Code == "" {
		j.Code = w.Code.S
	}
	if !sub && !j.hasStatus {
		j.queryFailure = withCode(w.Code.S, w.Message.S)
	}
	j.Reason = joinTexts(withCode(w.ErrorCode.S, w.FailReason.S), entity("errorcode_message"), entity("error"),
		entity("addition_error_msg"), message)
	for _, key := range []string{"sub_jobs", "sub_jobs_result"} {
		raw, ok := w.Entities[key]
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		var subs []v1Job
		if err := json.Unmarshal(raw, &subs); err != nil {
			return j, fmt.Errorf("entities.%s: %w", key, err)
		}
		for i := range subs {
			s, err := subs[i].record(true)
			if err != nil {
				return j, err
			}
			j.SubJobs = append(j.SubJobs, s)
		}
	}
	return j, nil
}

// ---------------------------------------------------------------------------
// The database task centre and GeminiDB

type databaseJob struct {
	ID         text                       `json:"id"`
	Name       text                       `json:"name"`
	Status     text                       `json:"status"`
	Created    convert.Time               `json:"created"`
	Ended      convert.Time               `json:"ended"`
	StartTime  convert.Time               `json:"start_time"`
	EndTime    convert.Time               `json:"end_time"`
	Process    text                       `json:"process"`
	Progress   text                       `json:"progress"`
	Instance   map[string]json.RawMessage `json:"instance"`
	Entities   map[string]json.RawMessage `json:"entities"`
	FailReason text                       `json:"fail_reason"`
}

func (w *databaseJob) record() job {
	j := job{
		ID: w.ID.S, Type: w.Name.ptr(), Status: w.Status.S, hasStatus: w.Status.Valid && w.Status.S != "",
		StartedAt: w.Created, CompletedAt: w.Ended, Reason: strings.TrimSpace(w.FailReason.S),
		Entities: scalars(w.Entities),
	}
	if j.StartedAt.IsZero() && j.StartedAt.Unknown == "" {
		j.StartedAt = w.StartTime
	}
	if j.CompletedAt.IsZero() && j.CompletedAt.Unknown == "" {
		j.CompletedAt = w.EndTime
	}
	j.Progress = w.Process.ptr()
	if j.Progress == nil {
		j.Progress = w.Progress.ptr()
	}
	if w.Instance != nil {
		inst := scalars(w.Instance)
		if j.Entities == nil {
			j.Entities = map[string]string{}
		}
		for _, k := range []string{"id", "name"} {
			if v, ok := inst[k]; ok {
				j.Entities["instance_"+k] = v
			}
		}
	}
	return j
}

// ---------------------------------------------------------------------------
// ELB

type elbJob struct {
	Status     text         `json:"status"`
	BeginTime  convert.Time `json:"begin_time"`
	EndTime    convert.Time `json:"end_time"`
	JobID      text         `json:"job_id"`
	JobType    text         `json:"job_type"`
	ErrorCode  text         `json:"error_code"`
	ErrorMsg   text         `json:"error_msg"`
	ResourceID text         `json:"resource_id"`
	SubJobs    []elbJob     `json:"sub_jobs"`
}

func (w *elbJob) record() job {
	j := job{
		ID: w.JobID.S, Type: w.JobType.ptr(), Status: w.Status.S, hasStatus: w.Status.Valid && w.Status.S != "",
		StartedAt: w.BeginTime, CompletedAt: w.EndTime, Code: w.ErrorCode.S, Reason: withCode(w.ErrorCode.S, w.ErrorMsg.S),
		Entities: fields(field{"resource_id", w.ResourceID}),
	}
	for i := range w.SubJobs {
		j.SubJobs = append(j.SubJobs, w.SubJobs[i].record())
	}
	return j
}

// ---------------------------------------------------------------------------
// DLI

type dliSQLJob struct {
	IsSuccess    *bool        `json:"is_success"`
	Message      text         `json:"message"`
	JobID        text         `json:"job_id"`
	JobType      text         `json:"job_type"`
	QueueName    text         `json:"queue_name"`
	Owner        text         `json:"owner"`
	DatabaseName text         `json:"database_name"`
	TableName    text         `json:"table_name"`
	StartTime    convert.Time `json:"start_time"`
	Duration     convert.Int  `json:"duration"`
	Status       text         `json:"status"`
}

func (w *dliSQLJob) record() job {
	j := job{
		ID: w.JobID.S, Type: w.JobType.ptr(), Status: w.Status.S, hasStatus: w.Status.Valid && w.Status.S != "",
		StartedAt: w.StartTime,
		Entities: fields(field{"queue_name", w.QueueName}, field{"database_name", w.DatabaseName},
			field{"table_name", w.TableName}, field{"owner", w.Owner}),
	}
	if !j.StartedAt.IsZero() && w.Duration.Valid && w.Duration.Int64 >= 0 {
		j.CompletedAt = convert.Time{Time: j.StartedAt.Add(time.Duration(w.Duration.Int64) * time.Millisecond)}
	}
	// message describes the query of the status as well as the job: it is
	// the job's failure text only when the job failed (see failureOnly).
	j.Reason = strings.TrimSpace(w.Message.S)
	if !j.hasStatus {
		j.queryFailure = j.Reason
	}
	return j
}

// maxLogLines is how many of a Spark batch's last log lines make its
// failure text.
const maxLogLines = 10

type dliSparkJob struct {
	ID         text         `json:"id"`
	State      text         `json:"state"`
	AppID      text         `json:"appId"`
	Name       text         `json:"name"`
	Queue      text         `json:"queue"`
	Owner      text         `json:"owner"`
	CreateTime convert.Time `json:"create_time"`
	UpdateTime convert.Time `json:"update_time"`
	Log        []text       `json:"log"`
}

func (w *dliSparkJob) record() job {
	j := job{
		ID: w.ID.S, Status: w.State.S, hasStatus: w.State.Valid && w.State.S != "",
		StartedAt: w.CreateTime, CompletedAt: w.UpdateTime,
		Entities: fields(field{"appId", w.AppID}, field{"name", w.Name}, field{"queue", w.Queue}, field{"owner", w.Owner}),
	}
	var lines []string
	for _, l := range w.Log {
		if s := strings.TrimRight(l.S, " \r\n"); s != "" {
			lines = append(lines, s)
		}
	}
	j.Reason = strings.Join(lines[max(0, len(lines)-maxLogLines):], "\n")
	return j
}

// ---------------------------------------------------------------------------
// Decoding and reading

// decode reads an answer of the service's shape. An answer that has no
// status is ErrNoStatus, with the answer's own message; GeminiDB's empty
// list is wait.ErrNotFound.
func decode(svc jobfamily.Service, body []byte) (job, error) {
	var (
		j   job
		err error
	)
	switch svc.Shape {
	case jobfamily.ShapeV1:
		var w v1Job
		if err = json.Unmarshal(body, &w); err == nil {
			j, err = w.record(false)
		}
	case jobfamily.ShapeDatabase:
		var w struct {
			Job databaseJob `json:"job"`
		}
		if err = json.Unmarshal(body, &w); err == nil {
			j = w.Job.record()
		}
	case jobfamily.ShapeGeminiDB:
		var w struct {
			Jobs []databaseJob `json:"jobs"`
		}
		if err = json.Unmarshal(body, &w); err == nil {
			if len(w.Jobs) == 0 {
				return j, fmt.Errorf("%w: GeminiDB answered an empty jobs list", wait.ErrNotFound)
			}
			j = w.Jobs[0].record()
		}
	case jobfamily.ShapeELB:
		var w struct {
			Job elbJob `json:"job"`
		}
		if err = json.Unmarshal(body, &w); err == nil {
			j = w.Job.record()
		}
	case jobfamily.ShapeDLISQL:
		var w dliSQLJob
		if err = json.Unmarshal(body, &w); err == nil {
			j = w.record()
		}
	case jobfamily.ShapeDLISpark:
		var w dliSparkJob
		if err = json.Unmarshal(body, &w); err == nil {
			j = w.record()
		}
	default:
		return j, fmt.Errorf("no decoder for the shape of %s", svc.Name)
	}
	if err != nil {
		return j, err
	}
	if !j.hasStatus {
		if j.queryFailure != "" {
			return j, fmt.Errorf("%w: %s", ErrNoStatus, j.queryFailure)
		}
		return j, ErrNoStatus
	}
	return j, nil
}

// dliNotFound is DLI's error code of a job that does not exist, answered
// with HTTP 400.
const dliNotFound = "DLI.0002"

// show reads the job once.
func show(ctx context.Context, c *client.Client, svc jobfamily.Service, jobID string) (job, error) {
	req := client.Request{Service: client.Service(svc.Endpoint), Path: svc.Path, PathParams: map[string]string{"job_id": jobID}}
	if svc.IDQuery != "" {
		req.Query = url.Values{svc.IDQuery: {jobID}}
	}
	out := showAnswer{svc: svc}
	err := c.Get(ctx, req, &out)
	var apiErr *client.APIError
	switch {
	case svc.Shape >= jobfamily.ShapeDLISQL && errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest &&
		strings.EqualFold(apiErr.Code, dliNotFound):
		return job{}, fmt.Errorf("%w: %w", wait.ErrNotFound, err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && namesProject(apiErr):
		return job{}, &ProjectNotFoundError{Err: apiErr}
	case err != nil:
		return job{}, err
	}
	return out.job, out.err
}

// showAnswer is the body of the show request, decoded in the shape of its
// service. A body that is not the shape is refused by Check, so that the
// error is one of that request (client.Checked); a body that says the job
// does not exist (GeminiDB's empty list) or has no status is not.
type showAnswer struct {
	svc jobfamily.Service
	job job
	err error
}

func (a *showAnswer) UnmarshalJSON(b []byte) error {
	a.job, a.err = decode(a.svc, b)
	return nil
}

// Check is the decoding error, but for a job not found or without status.
func (a *showAnswer) Check() error {
	if a.err != nil && !errors.Is(a.err, wait.ErrNotFound) && !errors.Is(a.err, ErrNoStatus) {
		return a.err
	}
	return nil
}

// ProjectNotFoundError is a 404 whose error names the project rather than
// the job: not "the job does not exist", so allow_missing does not hide a
// wrong project_id or region.
type ProjectNotFoundError struct{ Err *client.APIError }

func (e *ProjectNotFoundError) Error() string {
	return "the API does not know the project (check project_id and region): " + e.Err.Error()
}

// namesProject reports an error about the project rather than the job.
func namesProject(e *client.APIError) bool {
	msg := strings.ToLower(e.Message)
	return strings.Contains(msg, "project") && !strings.Contains(msg, "job")
}

// failureOnly reports the shapes whose text describes more than a failure
// (DLI's message, a Spark driver log): their reason is kept for failed jobs
// only.
func failureOnly(s jobfamily.Shape) bool {
	return s == jobfamily.ShapeDLISQL || s == jobfamily.ShapeDLISpark
}

// failureText is a job's failure text: its own, else its sub-jobs' (those
// that failed, else all), deepest included.
func failureText(svc jobfamily.Service, j *job) string {
	if j.Reason != "" {
		return j.Reason
	}
	subs := flatten(j)
	return jobstatus.FailureText(subs, func(d descendant) string { return d.Reason },
		func(d descendant) bool { return svc.ClassOf(d.Status) == jobfamily.Failure })
}

// descendant is a sub-job at any depth, with its parent's id.
type descendant struct {
	*job
	parentID string
}

// flatten lists the sub-jobs of j depth-first, each right after its parent.
func flatten(j *job) []descendant {
	var out []descendant
	var walk func(p *job)
	walk = func(p *job) {
		for i := range p.SubJobs {
			out = append(out, descendant{job: &p.SubJobs[i], parentID: p.ID})
			walk(&p.SubJobs[i])
		}
	}
	walk(j)
	return out
}
