// Package servicestage reads a ServiceStage job (the deployment of an
// application component) with its tasks, and can wait until it has finished.
package servicestage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// statuses classifies ServiceStage job and task statuses.
var statuses = jobstatus.Classes{
	Success: []string{"SUCCEEDED"},
	Failure: []string{"FAILED", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED", "UNKNOWN"},
}

const (
	showPath = "/v3/{project_id}/cas/jobs/{job_id}"
	pageSize = 100
)

// jobPage is one answer of the show API: the job and a page of its tasks.
// The API page's example writes the keys in lower case and its tables in
// upper case (EXECUTION_STATUS, TASK_ID); encoding/json matches keys
// case-insensitively, so these lower-case tags read both.
type jobPage struct {
	TaskCount convert.Int `json:"task_count"`
	Job       job         `json:"job"`
	Tasks     []task      `json:"tasks"`
}

type job struct {
	ExecutionStatus   *string    `json:"execution_status"`
	JobID             convert.ID `json:"job_id"`
	JobType           *string    `json:"job_type"`
	OrderID           convert.ID `json:"order_id"`
	ServiceInstanceID convert.ID `json:"service_instance_id"`
}

type task struct {
	TaskID     convert.ID   `json:"task_id"`
	TaskIndex  convert.Int  `json:"task_index"`
	TaskName   *string      `json:"task_name"`
	TaskStatus *string      `json:"task_status"`
	CreatedAt  convert.Time `json:"created_at" attr:"created_at"`
	UpdateAt   convert.Time `json:"update_at" attr:"updated_at"`
	Messages   text         `json:"messages"`
}

// text is a string field that may also arrive as other JSON: messages is
// serialized JSON ("{}"), which an API may as well send unserialized. Such a
// value is kept as its compact JSON text.
type text struct {
	Text  string
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
		*t = text{Text: s, Valid: true}
	default:
		var buf bytes.Buffer
		if err := json.Compact(&buf, b); err != nil {
			return err
		}
		*t = text{Text: buf.String(), Valid: true}
	}
	return nil
}

// Value is the text as a Terraform string, or null when absent.
func (t text) Value() types.String {
	if !t.Valid {
		return types.StringNull()
	}
	return types.StringValue(t.Text)
}

// shownJob is a job with every page of its tasks, sorted by index.
type shownJob struct {
	job
	TaskCount convert.Int
	Tasks     []task
	// Warning says why the tasks may be incomplete, if they may.
	Warning string
}

func (j shownJob) status() string { return convert.Deref(j.ExecutionStatus) }

// showJob reads a job and every page of its tasks. The job's fields come
// from the first page; tasks are de-duplicated by id.
func showJob(ctx context.Context, c *client.Client, jobID string) (shownJob, error) {
	var first *jobPage
	paged, err := client.ReadPages(ctx, pageSize, taskKey,
		func(ctx context.Context, offset, limit int) (client.Page[task], error) {
			var page jobPage
			err := c.Get(ctx, client.Request{
				Service: client.ServiceStage, Path: showPath,
				PathParams: map[string]string{"job_id": jobID},
				Query:      url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}},
			}, &page)
			if err == nil && first == nil {
				first = &page
			}
			return client.Page[task]{Items: page.Tasks, Total: count(page.TaskCount)}, err
		})
	if err != nil {
		return shownJob{}, err
	}
	return newShownJob(*first, paged), nil
}

// count is task_count as a total for paging: nil when the API sent none.
func count(n convert.Int) *int {
	if !n.Valid {
		return nil
	}
	c := int(n.Int64)
	return &c
}

// newShownJob puts together the first page and the tasks of every page.
func newShownJob(first jobPage, paged client.Paged[task]) shownJob {
	j := shownJob{job: first.Job, TaskCount: first.TaskCount, Tasks: paged.Items, Warning: paged.Warning}
	sortTasks(j.Tasks)
	return j
}

// taskKey identifies a task across pages: its id, or for a task without one,
// its index and name, so that tasks without ids are not merged into one.
func taskKey(t task) string {
	if id := t.TaskID.String(); id != "" {
		return "id:" + id
	}
	return "index:" + strconv.FormatInt(t.TaskIndex.Int64, 10) + ":" + convert.Deref(t.TaskName)
}

// sortTasks orders tasks by task_index, keeping the API's order for ties.
func sortTasks(tasks []task) {
	slices.SortStableFunc(tasks, func(a, b task) int { return cmp.Compare(a.TaskIndex.Int64, b.TaskIndex.Int64) })
}

// failureText is a failed job's own reason: the messages of its failed
// tasks, or of any task when none failed by itself. The API's empty "{}"
// says nothing and is left out.
func failureText(tasks []task) string {
	return jobstatus.FailureText(tasks,
		func(t task) string {
			if msg := strings.TrimSpace(t.Messages.Text); msg != "{}" {
				return msg
			}
			return ""
		},
		func(t task) bool { return statuses.Failed(convert.Deref(t.TaskStatus)) })
}
