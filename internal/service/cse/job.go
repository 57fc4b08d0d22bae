package cse

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// jobModel holds the attributes of a job that both data sources have.
type jobModel struct {
	ID          types.String `tfsdk:"id"`
	EngineID    types.String `tfsdk:"engine_id"`
	Type        types.String `tfsdk:"type"`
	Description types.String `tfsdk:"description"`
	Status      types.String `tfsdk:"status"`
	Scheduling  types.Bool   `tfsdk:"scheduling"`
	CreatedBy   types.String `tfsdk:"created_by"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	Context     types.String `tfsdk:"context"`
	Done        types.Bool   `tfsdk:"done"`
	Succeeded   types.Bool   `tfsdk:"succeeded"`
}

type taskModel struct {
	ID          types.String `tfsdk:"id"`
	JobID       types.String `tfsdk:"job_id"`
	Type        types.String `tfsdk:"type"`
	Assigned    types.String `tfsdk:"assigned"`
	TaskName    types.String `tfsdk:"task_name"`
	EngineName  types.String `tfsdk:"engine_name"`
	TaskOrder   types.Int64  `tfsdk:"task_order"`
	Status      types.String `tfsdk:"status"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Timeout     types.Int64  `tfsdk:"timeout"`
	Log         types.String `tfsdk:"log"`
	Output      types.String `tfsdk:"output"`
	DurationMs  types.Int64  `tfsdk:"duration_ms"`
	Description types.String `tfsdk:"description"`
}

// jobAttributes are the computed attributes of jobModel. engine_id is left to
// each data source, where it is an argument or an attribute.
func jobAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The job ID."},
		"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "The job type: `Create`, `Delete`, `Updated`, `Upgrade`, `Configure` or `Modify`."},
		"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The job description."},
		"status":      schema.StringAttribute{Computed: true, MarkdownDescription: "The job status: `PreInit`, `Init`, `Executing`, `Error`, `Timeout` or `Finished`."},
		"scheduling":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job is being executed."},
		"created_by":  schema.StringAttribute{Computed: true, MarkdownDescription: "The user who created the job."},
		"start_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the job started, RFC 3339 in UTC."},
		"end_time":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the job ended, RFC 3339 in UTC; null while it runs."},
		"context":     schema.StringAttribute{Computed: true, MarkdownDescription: "The job's execution context."},
		"done":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: `Finished`, `Error` or `Timeout`."},
		"succeeded":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job finished successfully (status `Finished`)."},
	}
}

func taskAttributes() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The job's tasks (sub-jobs), sorted by `task_order`.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The task ID."},
			"job_id":      schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the job the task belongs to."},
			"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "The task type."},
			"assigned":    schema.StringAttribute{Computed: true, MarkdownDescription: "The executor of the task."},
			"task_name":   schema.StringAttribute{Computed: true, MarkdownDescription: "The task name."},
			"engine_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the engine the task belongs to."},
			"task_order":  schema.Int64Attribute{Computed: true, MarkdownDescription: "The order in which tasks run, ascending."},
			"status":      schema.StringAttribute{Computed: true, MarkdownDescription: "The task status."},
			"start_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the task started, RFC 3339 in UTC."},
			"end_time":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the task ended, RFC 3339 in UTC."},
			"created_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the task was created, RFC 3339 in UTC."},
			"updated_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the task was last updated, RFC 3339 in UTC."},
			"timeout":     schema.Int64Attribute{Computed: true, MarkdownDescription: "The task's timeout as the API reports it (`-1`: none)."},
			"log":         schema.StringAttribute{Computed: true, MarkdownDescription: "The task's log: what happened while it ran, and why it failed."},
			"output":      schema.StringAttribute{Computed: true, MarkdownDescription: "The task's output."},
			"duration_ms": schema.Int64Attribute{Computed: true, MarkdownDescription: "The task's duration in milliseconds (`taskExecutorBrief.duration`)."},
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The task's description (`taskExecutorBrief.description`)."},
		}},
	}
}

func newJobModel(j job) jobModel {
	return jobModel{
		ID:          j.ID.Value(),
		EngineID:    types.StringPointerValue(j.EngineID),
		Type:        types.StringPointerValue(j.Type),
		Description: types.StringPointerValue(j.Description),
		Status:      types.StringPointerValue(j.Status),
		Scheduling:  j.Scheduling.Value(),
		CreatedBy:   types.StringPointerValue(j.CreateUser),
		StartTime:   j.StartTime.Value(),
		EndTime:     j.EndTime.Value(),
		Context:     types.StringPointerValue(j.Context),
		Done:        types.BoolValue(statuses.Done(j.status())),
		Succeeded:   types.BoolValue(statuses.Succeeded(j.status())),
	}
}

func newTaskModels(tasks []task) []taskModel {
	sortTasks(tasks)
	out := make([]taskModel, len(tasks))
	for i, t := range tasks {
		out[i] = taskModel{
			ID:          t.ID.Value(),
			JobID:       t.JobID.Value(),
			Type:        types.StringPointerValue(t.Type),
			Assigned:    types.StringPointerValue(t.Assigned),
			TaskName:    types.StringPointerValue(t.TaskName),
			EngineName:  types.StringPointerValue(t.EngineName),
			TaskOrder:   t.TaskOrder.Value(),
			Status:      types.StringPointerValue(t.Status),
			StartTime:   t.StartTime.Value(),
			EndTime:     t.EndTime.Value(),
			CreatedAt:   t.CreateTime.Value(),
			UpdatedAt:   t.UpdateTime.Value(),
			Timeout:     t.Timeout.Value(),
			Log:         types.StringPointerValue(t.Log),
			Output:      types.StringPointerValue(t.Output),
			DurationMs:  t.Brief.Duration.Value(),
			Description: types.StringPointerValue(t.Brief.Description),
		}
	}
	return out
}
