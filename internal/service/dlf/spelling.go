package dlf

import (
	"encoding/json"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
)

// The API pages and the official provider spell the fields of jobs and runs
// in camelCase (createTime, instanceId); the official Go SDK's models
// (huaweicloud-sdk-go-v3, services/dataartsstudio/v1/model: JobResp,
// JobInstance) in snake_case (create_time, instance_id). Both are read, the
// camelCase one first: a field is taken from its snake_case spelling only
// when the camelCase one is absent, null or zero. Fields of one word (name,
// status, owner, ...) are spelt alike. The SDK has no model of the run
// detail with its nodes; its fields are read in snake_case too, by the same
// rule.

// orSnake sets *camel to snake when *camel is the zero value: absent or
// null.
func orSnake[T comparable](camel *T, snake T) {
	var zero T
	if *camel == zero {
		*camel = snake
	}
}

// UnmarshalJSON reads a job of the list API in either spelling.
func (j *job) UnmarshalJSON(b []byte) error {
	type camel job // without this method
	var w struct {
		*camel
		JobType             *string      `json:"job_type"`
		CreateUser          *string      `json:"create_user"`
		CreateTime          convert.Time `json:"create_time"`
		StartTime           convert.Time `json:"start_time"`
		EndTime             convert.Time `json:"end_time"`
		LastInstanceStatus  *string      `json:"last_instance_status"`
		LastInstanceEndTime convert.Time `json:"last_instance_end_time"`
		LastUpdateTime      convert.Time `json:"last_update_time"`
		LastUpdateUser      *string      `json:"last_update_user"`
		SingleNodeJobFlag   convert.Flag `json:"single_node_job_flag"`
	}
	*j = job{}
	w.camel = (*camel)(j)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	orSnake(&j.JobType, w.JobType)
	orSnake(&j.CreateUser, w.CreateUser)
	orSnake(&j.CreateTime, w.CreateTime)
	orSnake(&j.StartTime, w.StartTime)
	orSnake(&j.EndTime, w.EndTime)
	orSnake(&j.LastInstanceStatus, w.LastInstanceStatus)
	orSnake(&j.LastInstanceEndTime, w.LastInstanceEndTime)
	orSnake(&j.LastUpdateTime, w.LastUpdateTime)
	orSnake(&j.LastUpdateUser, w.LastUpdateUser)
	orSnake(&j.SingleNodeJobFlag, w.SingleNodeJobFlag)
	return nil
}

// UnmarshalJSON reads a run of the list API in either spelling.
func (in *instance) UnmarshalJSON(b []byte) error {
	type camel instance // without this method
	var w struct {
		*camel
		JobName         *string      `json:"job_name"`
		JobID           convert.ID   `json:"job_id"`
		InstanceID      convert.ID   `json:"instance_id"`
		JobInstanceName *string      `json:"job_instance_name"`
		PlanTime        convert.Time `json:"plan_time"`
		SubmitTime      convert.Time `json:"submit_time"`
		StartTime       convert.Time `json:"start_time"`
		EndTime         convert.Time `json:"end_time"`
		ExecuteTime     convert.Int  `json:"execute_time"`
		InstanceType    convert.Int  `json:"instance_type"`
		ForceSuccess    convert.Flag `json:"force_success"`
		IgnoreSuccess   convert.Flag `json:"ignore_success"`
		ErrorMessage    *string      `json:"error_message"`
	}
	*in = instance{}
	w.camel = (*camel)(in)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	orSnake(&in.JobName, w.JobName)
	orSnake(&in.JobID, w.JobID)
	orSnake(&in.InstanceID, w.InstanceID)
	orSnake(&in.JobInstanceName, w.JobInstanceName)
	orSnake(&in.PlanTime, w.PlanTime)
	orSnake(&in.SubmitTime, w.SubmitTime)
	orSnake(&in.StartTime, w.StartTime)
	orSnake(&in.EndTime, w.EndTime)
	orSnake(&in.ExecuteTime, w.ExecuteTime)
	orSnake(&in.InstanceType, w.InstanceType)
	orSnake(&in.ForceSuccess, w.ForceSuccess)
	orSnake(&in.IgnoreSuccess, w.IgnoreSuccess)
	orSnake(&in.ErrorMessage, w.ErrorMessage)
	return nil
}

// UnmarshalJSON reads a run with its nodes in either spelling.
func (d *instanceDetail) UnmarshalJSON(b []byte) error {
	type camel instanceDetail // without this method
	var w struct {
		*camel
		JobName       *string      `json:"job_name"`
		InstanceID    convert.ID   `json:"instance_id"`
		PlanTime      convert.Time `json:"plan_time"`
		StartTime     convert.Time `json:"start_time"`
		EndTime       convert.Time `json:"end_time"`
		ExecuteTime   convert.Int  `json:"execute_time"`
		InstanceType  convert.Int  `json:"instance_type"`
		ForceSuccess  convert.Flag `json:"force_success"`
		IgnoreSuccess convert.Flag `json:"ignore_success"`
	}
	*d = instanceDetail{}
	w.camel = (*camel)(d)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	orSnake(&d.JobName, w.JobName)
	orSnake(&d.InstanceID, w.InstanceID)
	orSnake(&d.PlanTime, w.PlanTime)
	orSnake(&d.StartTime, w.StartTime)
	orSnake(&d.EndTime, w.EndTime)
	orSnake(&d.ExecuteTime, w.ExecuteTime)
	orSnake(&d.InstanceType, w.InstanceType)
	orSnake(&d.ForceSuccess, w.ForceSuccess)
	orSnake(&d.IgnoreSuccess, w.IgnoreSuccess)
	return nil
}

// UnmarshalJSON reads a node of a run in either spelling.
func (n *node) UnmarshalJSON(b []byte) error {
	type camel node // without this method
	var w struct {
		*camel
		NodeName      *string      `json:"node_name"`
		PlanTime      convert.Time `json:"plan_time"`
		StartTime     convert.Time `json:"start_time"`
		EndTime       convert.Time `json:"end_time"`
		RetryTimes    convert.Int  `json:"retry_times"`
		InstanceID    convert.ID   `json:"instance_id"`
		InputRowCount convert.Int  `json:"input_row_count"`
		LogPath       *string      `json:"log_path"`
	}
	*n = node{}
	w.camel = (*camel)(n)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	orSnake(&n.NodeName, w.NodeName)
	orSnake(&n.PlanTime, w.PlanTime)
	orSnake(&n.StartTime, w.StartTime)
	orSnake(&n.EndTime, w.EndTime)
	orSnake(&n.RetryTimes, w.RetryTimes)
	orSnake(&n.InstanceID, w.InstanceID)
	orSnake(&n.InputRowCount, w.InputRowCount)
	orSnake(&n.LogPath, w.LogPath)
	return nil
}
