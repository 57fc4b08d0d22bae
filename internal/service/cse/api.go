// Package cse reads the jobs of CSE (Cloud Service Engine) exclusive
// microservice engines: the job list and a single job, which can be waited on.
package cse

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strconv"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// statuses classifies CSE job statuses.
var statuses = jobstatus.Classes{Success: []string{"Finished"}, Failure: []string{"Error", "Timeout"}}

const (
	listPath = "/v2/{project_id}/enginemgr/engines/{engine_id}/jobs"
	showPath = "/v2/{project_id}/enginemgr/engines/{engine_id}/jobs/{job_id}"
	pageSize = 100
)

// job holds the fields that the list and the show API share.
type job struct {
	ID          convert.ID   `json:"id"`
	EngineID    *string      `json:"engineId"`
	Type        *string      `json:"type"`
	Description *string      `json:"description"`
	Status      *string      `json:"status"`
	Scheduling  convert.Flag `json:"scheduling"`
	CreateUser  *string      `json:"createUser"`
	StartTime   convert.Time `json:"startTime"`
	EndTime     convert.Time `json:"endTime"`
	Context     *string      `json:"context"`
}

// listedJob is a job of the list API, whose tasks are flat.
type listedJob struct {
	job
	Tasks []task `json:"tasks"`
}

// shownJob is a job of the show API, whose tasks are grouped in phases.
type shownJob struct {
	job
	Phases []phase `json:"tasks"`
}

type phase struct {
	TaskName  *string      `json:"taskName"`
	TaskNames []string     `json:"taskNames"`
	Status    *string      `json:"status"`
	StartTime convert.Time `json:"startTime"`
	EndTime   convert.Time `json:"endTime"`
	Brief     brief        `json:"taskExecutorBrief"`
	Tasks     []task       `json:"tasks"`
}

type task struct {
	JobID      convert.ID   `json:"jobId"`
	ID         convert.ID   `json:"id"`
	Type       *string      `json:"type"`
	Assigned   *string      `json:"assigned"`
	TaskName   *string      `json:"taskName"`
	EngineName *string      `json:"engineName"`
	TaskOrder  convert.Int  `json:"taskOrder"`
	Status     *string      `json:"status"`
	StartTime  convert.Time `json:"startTime"`
	EndTime    convert.Time `json:"endTime"`
	CreateTime convert.Time `json:"createTime" attr:"created_at"`
	UpdateTime convert.Time `json:"updateTime" attr:"updated_at"`
	Timeout    convert.Int  `json:"timeout"`
	Log        *string      `json:"log"`
	Output     *string      `json:"output"`
	Brief      brief        `json:"taskExecutorBrief"`
}

type brief struct {
	Duration    convert.Int `json:"duration"`
	Description *string     `json:"description"`
}

func (j job) status() string { return convert.Deref(j.Status) }

// jobsPage is one answer of the list API: documented as an array, it is an
// object with the total and a page of jobs.
type jobsPage struct {
	Total *int        `json:"total"`
	Data  []listedJob `json:"data"`
}

// listJobs reads every page of an engine's jobs. from and to are epoch
// milliseconds, 0 when unset.
func listJobs(ctx context.Context, c *client.Client, engineID string, from, to int64) (client.Paged[listedJob], error) {
	return client.ReadPages(ctx, pageSize, func(j listedJob) string { return j.ID.String() },
		func(ctx context.Context, offset, limit int) (client.Page[listedJob], error) {
			q := url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}}
			if from > 0 {
				q.Set("from-time", strconv.FormatInt(from, 10))
			}
			if to > 0 {
				q.Set("to-time", strconv.FormatInt(to, 10))
			}
			var page jobsPage
			err := c.Get(ctx, client.Request{
				Service: client.CSE, Path: listPath, Query: q,
				PathParams: map[string]string{"engine_id": engineID},
			}, &page)
			return client.Page[listedJob]{Items: page.Data, Total: page.Total}, err
		})
}

func showJob(ctx context.Context, c *client.Client, engineID, jobID string) (shownJob, error) {
	var j shownJob
	err := c.Get(ctx, client.Request{
		Service: client.CSE, Path: showPath,
		PathParams: map[string]string{"engine_id": engineID, "job_id": jobID},
	}, &j)
	return j, err
}

// sortTasks orders tasks by task_order, keeping the API's order for ties.
func sortTasks(tasks []task) {
	slices.SortStableFunc(tasks, func(a, b task) int { return cmp.Compare(a.TaskOrder.Int64, b.TaskOrder.Int64) })
}

// failureText is a failed job's own reason: the logs of its failed tasks, or
// of any task when none failed by itself.
func failureText(tasks []task) string {
	return jobstatus.FailureText(tasks,
		func(t task) string { return convert.Deref(t.Log) },
		func(t task) bool { return statuses.Failed(convert.Deref(t.Status)) })
}
