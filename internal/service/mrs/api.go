// Package mrs is hwcjobs_mrs_job: an MRS (MapReduce Service) job execution,
// addressed by cluster, with its own success rule: YARN reports a failed
// application as FINISHED, so only FINISHED with the result SUCCEEDED is a
// success.
package mrs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

const showPath = "/v2/{project_id}/clusters/{cluster_id}/job-executions/{job_id}"

// ended are the states of a job that will not change; FINISHED is a success
// only with the result SUCCEEDED.
var ended = jobstatus.Classes{Success: []string{"FINISHED"}, Failure: []string{"FAILED", "KILLED"}}

// jobDetail is job_detail of the answer.
type jobDetail struct {
	JobID         *string      `json:"job_id"`
	User          *string      `json:"user"`
	JobName       *string      `json:"job_name"`
	JobResult     *string      `json:"job_result"`
	JobState      *string      `json:"job_state"`
	JobProgress   *float64     `json:"job_progress"`
	JobType       *string      `json:"job_type"`
	StartedTime   convert.Time `json:"started_time" attr:"started_at"`
	SubmittedTime convert.Time `json:"submitted_time" attr:"submitted_at"`
	FinishedTime  convert.Time `json:"finished_time" attr:"completed_at"`
	Arguments     *string      `json:"arguments"`
	AppID         *string      `json:"app_id"`
	TrackingURL   *string      `json:"tracking_url"`
	Queue         *string      `json:"queue"`
}

func (j *jobDetail) state() string  { return convert.Deref(j.JobState) }
func (j *jobDetail) result() string { return convert.Deref(j.JobResult) }

// done reports a state that will not change.
func (j *jobDetail) done() bool { return ended.Done(j.state()) }

// succeeded is FINISHED with the result SUCCEEDED.
func (j *jobDetail) succeeded() bool {
	return ended.Succeeded(j.state()) && strings.EqualFold(strings.TrimSpace(j.result()), "SUCCEEDED")
}

// failed is FAILED or KILLED, or FINISHED with any other result.
func (j *jobDetail) failed() bool { return j.done() && !j.succeeded() }

// status says state and result, for the log, the timeout and the failure.
func (j *jobDetail) status() string {
	if j.result() == "" {
		return j.state()
	}
	return fmt.Sprintf("%s (result %s)", j.state(), j.result())
}

// failureText names state, result and the tracking URL: MRS has no failure
// message.
func (j *jobDetail) failureText() string {
	text := fmt.Sprintf("the job ended in state %s with result %s", j.state(), orUnset(j.result()))
	if url := convert.Deref(j.TrackingURL); url != "" {
		text += "; its YARN application's logs: " + url
	} else {
		text += "; MRS gives no tracking_url or message for it"
	}
	return text
}

func orUnset(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// ClusterNotFoundError is a 404 whose error names the cluster rather than the
// job: not "the job does not exist", so allow_missing does not hide it.
type ClusterNotFoundError struct {
	ClusterID string
	Err       *client.APIError
}

func (e *ClusterNotFoundError) Error() string {
	return fmt.Sprintf("MRS does not know cluster %s (check cluster_id and region): %s", e.ClusterID, e.Err)
}

// showJob reads the job execution once. The API answers 200 or 202.
func showJob(ctx context.Context, c *client.Client, clusterID, jobID string) (jobDetail, error) {
	var out showAnswer
	err := c.Get(ctx, client.Request{Service: client.MRS, Path: showPath,
		PathParams: map[string]string{"cluster_id": clusterID, "job_id": jobID}}, &out)
	var apiErr *client.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && namesCluster(apiErr):
		return jobDetail{}, &ClusterNotFoundError{ClusterID: clusterID, Err: apiErr}
	case err != nil:
		return jobDetail{}, err
	}
	return *out.JobDetail, nil
}

// showAnswer is the body of the show request.
type showAnswer struct {
	JobDetail *jobDetail `json:"job_detail"`
}

// Check refuses an answer without a job state (client.Checked).
func (a *showAnswer) Check() error {
	if a.JobDetail == nil || a.JobDetail.state() == "" {
		return errors.New("the answer has no job_detail.job_state")
	}
	return nil
}

// namesCluster reports an error about the cluster rather than the job.
func namesCluster(e *client.APIError) bool {
	msg := strings.ToLower(e.Message)
	return strings.Contains(msg, "cluster") && !strings.Contains(msg, "job")
}
