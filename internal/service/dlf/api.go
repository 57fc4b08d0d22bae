// Package dlf reads the job list of DataArts Studio DataArts Factory (the DLF
// API): batch and real-time jobs, every page of them.
package dlf

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
)

const (
	listPath = "/v1/{project_id}/jobs"
	pageSize = 100

	// defaultProcessType is the jobType asked for when process_type is
	// unset, the API's own default.
	defaultProcessType = "BATCH"
)

// processTypes are the values of jobType.
var processTypes = []string{"BATCH", "REAL_TIME"}

// job is a job of the list API.
type job struct {
	Name                *string      `json:"name"`
	JobType             *string      `json:"jobType"`
	Owner               *string      `json:"owner"`
	Priority            convert.Int  `json:"priority"`
	Status              *string      `json:"status"`
	CreateUser          *string      `json:"createUser"`
	CreateTime          convert.Time `json:"createTime" attr:"created_at"`
	StartTime           convert.Time `json:"startTime"`
	EndTime             convert.Time `json:"endTime"`
	LastInstanceStatus  *string      `json:"lastInstanceStatus"`
	LastInstanceEndTime convert.Time `json:"lastInstanceEndTime"`
	LastUpdateTime      convert.Time `json:"lastUpdateTime" attr:"updated_at"`
	LastUpdateUser      *string      `json:"lastUpdateUser"`
	Path                *string      `json:"path"`
	SingleNodeJobFlag   convert.Flag `json:"singleNodeJobFlag"`
}

// jobsPage is one answer of the list API.
type jobsPage struct {
	Total *int  `json:"total"`
	Jobs  []job `json:"jobs"`
}

// listQuery is what a list asks the API for; empty fields are not sent.
type listQuery struct {
	WorkspaceID string
	ProcessType string
	Name        string
	Tags        []string
}

// listJobs reads every page of the jobs that q selects. Jobs are
// de-duplicated by name, which is unique in a workspace.
func listJobs(ctx context.Context, c *client.Client, q listQuery) (client.Paged[job], error) {
	header := http.Header{}
	if q.WorkspaceID != "" {
		header.Set("workspace", q.WorkspaceID)
	}
	return client.ReadPages(ctx, pageSize, func(j job) string { return convert.Deref(j.Name) },
		func(ctx context.Context, offset, limit int) (client.Page[job], error) {
			query := url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}, "jobType": {q.ProcessType}}
			if q.Name != "" {
				query.Set("jobName", q.Name)
			}
			if len(q.Tags) > 0 {
				query.Set("tags", strings.Join(q.Tags, ","))
			}
			var page jobsPage
			err := c.Get(ctx, client.Request{Service: client.DLF, Path: listPath, Query: query, Header: header}, &page)
			return client.Page[job]{Items: page.Jobs, Total: page.Total}, err
		})
}
