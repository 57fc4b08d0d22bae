package dlf

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// The job instance (run) APIs: api-docs/dlf-job-instances.md.
const (
	instancesPath = "/v1/{project_id}/jobs/instances/detail"
	instancePath  = "/v1/{project_id}/jobs/{job_name}/instances/{instance_id}"

	// maxPlanWindow is the widest plan-time window the list API accepts.
	maxPlanWindow = 7 * 24 * time.Hour
	// maxPageSize is the largest limit the list API accepts: the one page
	// in which the latest run of a job is looked for.
	maxPageSize = 1000
)

// instanceStatuses and nodeStatuses classify the statuses of runs and of
// their nodes: a run skipped because of a dependency, or a skipped node, is
// done without having failed or succeeded.
var (
	instanceStatuses = jobstatus.Classes{
		Success: []string{"success", "forceSuccess", "ignoreSuccess"},
		Failure: []string{"fail", "running-exception", "manual-stop"},
		Neither: []string{"skip-by-depend"},
	}
	nodeStatuses = jobstatus.Classes{
		Success: []string{"success"},
		Failure: []string{"fail", "manual-stop"},
		Neither: []string{"skip"},
	}
)

// instance is a run as the list API gives it.
type instance struct {
	JobName         *string      `json:"jobName"`
	JobID           convert.ID   `json:"jobId"`
	InstanceID      convert.ID   `json:"instanceId"`
	JobInstanceName *string      `json:"jobInstanceName"`
	Status          *string      `json:"status"`
	PlanTime        convert.Time `json:"planTime"`
	SubmitTime      convert.Time `json:"submitTime"`
	StartTime       convert.Time `json:"startTime"`
	EndTime         convert.Time `json:"endTime"`
	ExecuteTime     convert.Int  `json:"executeTime"`
	InstanceType    convert.Int  `json:"instanceType"`
	Version         convert.Int  `json:"version"`
	ForceSuccess    convert.Flag `json:"forceSuccess"`
	IgnoreSuccess   convert.Flag `json:"ignoreSuccess"`
	ErrorMessage    *string      `json:"errorMessage"`
}

func (in instance) status() string { return convert.Deref(in.Status) }

// instancesPage is one answer of the list API.
type instancesPage struct {
	Total     *int       `json:"total"`
	Instances []instance `json:"instances"`
}

// instanceDetail is a run with its nodes, as the detail API gives it.
type instanceDetail struct {
	JobName       *string      `json:"jobName"`
	InstanceID    convert.ID   `json:"instanceId"`
	Status        *string      `json:"status"`
	PlanTime      convert.Time `json:"planTime"`
	StartTime     convert.Time `json:"startTime"`
	EndTime       convert.Time `json:"endTime"`
	ExecuteTime   convert.Int  `json:"executeTime"`
	InstanceType  convert.Int  `json:"instanceType"`
	ForceSuccess  convert.Flag `json:"forceSuccess"`
	IgnoreSuccess convert.Flag `json:"ignoreSuccess"`
	Total         convert.Int  `json:"total"`
	Nodes         []node       `json:"nodes"`
}

func (d instanceDetail) status() string { return convert.Deref(d.Status) }

// node is a node instance of a run.
type node struct {
	NodeName      *string      `json:"nodeName"`
	Status        *string      `json:"status"`
	Type          *string      `json:"type"`
	Queue         *string      `json:"queue"`
	PlanTime      convert.Time `json:"planTime"`
	StartTime     convert.Time `json:"startTime"`
	EndTime       convert.Time `json:"endTime"`
	RetryTimes    convert.Int  `json:"retryTimes"`
	InstanceID    convert.ID   `json:"instanceId"`
	InputRowCount convert.Int  `json:"inputRowCount"`
	Speed         *json.Number `json:"speed"`
	LogPath       *string      `json:"logPath"`
}

func (n node) status() string { return convert.Deref(n.Status) }

// instanceQuery is what a list of runs asks for; zero fields are not sent.
type instanceQuery struct {
	WorkspaceID  string
	JobName      string
	ExactName    bool
	Status       string
	InstanceType *int64
	MinPlanTime  time.Time
	MaxPlanTime  time.Time
}

func (q instanceQuery) values() url.Values {
	v := url.Values{}
	if q.JobName != "" {
		v.Set("jobName", q.JobName)
	}
	if q.ExactName {
		v.Set("preciseQuery", "true")
	}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	if q.InstanceType != nil {
		v.Set("instanceType", strconv.FormatInt(*q.InstanceType, 10))
	}
	if !q.MinPlanTime.IsZero() {
		v.Set("minPlanTime", strconv.FormatInt(q.MinPlanTime.UnixMilli(), 10))
	}
	if !q.MaxPlanTime.IsZero() {
		v.Set("maxPlanTime", strconv.FormatInt(q.MaxPlanTime.UnixMilli(), 10))
	}
	return v
}

func workspaceHeader(workspaceID string) http.Header {
	header := http.Header{}
	if workspaceID != "" {
		header.Set("workspace", workspaceID)
	}
	return header
}

// listInstances reads every page of the runs that q selects, de-duplicated
// by instance id.
func listInstances(ctx context.Context, c *client.Client, q instanceQuery) (client.Paged[instance], error) {
	header := workspaceHeader(q.WorkspaceID)
	return client.ReadPages(ctx, pageSize, func(in instance) string { return in.InstanceID.String() },
		func(ctx context.Context, offset, limit int) (client.Page[instance], error) {
			query := q.values()
			query.Set("offset", strconv.Itoa(offset))
			query.Set("limit", strconv.Itoa(limit))
			var page instancesPage
			err := c.Get(ctx, client.Request{Service: client.DLF, Path: instancesPath, Query: query, Header: header}, &page)
			return client.Page[instance]{Items: page.Instances, Total: page.Total}, err
		})
}

// errNoRun is a job without a run in the window of latestInstance.
var errNoRun = errors.New("no run in the window")

// latestInstance finds the run of a job with the latest plan time in the
// last 7 days before now, with one request: the list order is not trusted.
// Of runs planned at the same time, the one with the greater id wins.
func latestInstance(ctx context.Context, c *client.Client, workspaceID, jobName string, now time.Time) (instance, error) {
	q := instanceQuery{JobName: jobName, ExactName: true, MinPlanTime: now.Add(-maxPlanWindow), MaxPlanTime: now}
	query := q.values()
	query.Set("offset", "0")
	query.Set("limit", strconv.Itoa(maxPageSize))
	var page instancesPage
	err := c.Get(ctx, client.Request{Service: client.DLF, Path: instancesPath, Query: query, Header: workspaceHeader(workspaceID)}, &page)
	if err != nil {
		return instance{}, err
	}
	var latest *instance
	for i := range page.Instances {
		in := &page.Instances[i]
		if !in.InstanceID.Valid || convert.Deref(in.JobName) != jobName {
			continue
		}
		if latest == nil || later(in, latest) {
			latest = in
		}
	}
	if latest == nil {
		return instance{}, errNoRun
	}
	return *latest, nil
}

// later reports whether a was planned after b, or at the same time with a
// greater id.
func later(a, b *instance) bool {
	if !a.PlanTime.Equal(b.PlanTime.Time) {
		return a.PlanTime.After(b.PlanTime.Time)
	}
	x, y := a.InstanceID.String(), b.InstanceID.String()
	if len(x) != len(y) {
		return len(x) > len(y)
	}
	return x > y
}

// showInstance reads one run with its nodes.
func showInstance(ctx context.Context, c *client.Client, workspaceID, jobName, instanceID string) (instanceDetail, error) {
	var d instanceDetail
	err := c.Get(ctx, client.Request{
		Service: client.DLF, Path: instancePath, Header: workspaceHeader(workspaceID),
		PathParams: map[string]string{"job_name": jobName, "instance_id": instanceID},
	}, &d)
	return d, err
}
