package cse

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
)

// jobModel holds the attributes of a job that both data sources have: the
// single job's attributes and the job objects of a list are built from its
// attrValues.
type jobModel struct {
	ID          types.String
	EngineID    types.String
	Type        types.String
	Description types.String
	Status      types.String
	Scheduling  types.Bool
	CreatedBy   types.String
	StartTime   types.String
	EndTime     types.String
	Context     types.String
	Done        types.Bool
	Succeeded   types.Bool
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

// taskObjectType is the type of a task object, from the schema.
var taskObjectType = convert.ObjectType(taskAttributes())

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

// attrValues are the model's attributes by name, from which the job objects
// of hwcjobs_cse_engine_jobs are built.
func (m jobModel) attrValues() map[string]attr.Value {
	return map[string]attr.Value{
		"id":          m.ID,
		"engine_id":   m.EngineID,
		"type":        m.Type,
		"description": m.Description,
		"status":      m.Status,
		"scheduling":  m.Scheduling,
		"created_by":  m.CreatedBy,
		"start_time":  m.StartTime,
		"end_time":    m.EndTime,
		"context":     m.Context,
		"done":        m.Done,
		"succeeded":   m.Succeeded,
	}
}

// newTaskList is the tasks attribute of a job or a phase, sorted by
// task_order; an empty list when there are none.
func newTaskList(tasks []task, diags *diag.Diagnostics) types.List {
	list, d := taskList(tasks).List(context.Background())
	diags.Append(d...)
	return list
}

// taskList is newTaskList built as it is written (see jobList).
func taskList(tasks []task) tfwire.ObjectList {
	sortTasks(tasks)
	return tfwire.ObjectsOf(taskObjectType, tasks, taskAttrValues)
}

func taskAttrValues(t task) map[string]attr.Value {
	return map[string]attr.Value{
		"id":          t.ID.Value(),
		"job_id":      t.JobID.Value(),
		"type":        types.StringPointerValue(t.Type),
		"assigned":    types.StringPointerValue(t.Assigned),
		"task_name":   types.StringPointerValue(t.TaskName),
		"engine_name": types.StringPointerValue(t.EngineName),
		"task_order":  t.TaskOrder.Value(),
		"status":      types.StringPointerValue(t.Status),
		"start_time":  t.StartTime.Value(),
		"end_time":    t.EndTime.Value(),
		"created_at":  t.CreateTime.Value(),
		"updated_at":  t.UpdateTime.Value(),
		"timeout":     t.Timeout.Value(),
		"log":         types.StringPointerValue(t.Log),
		"output":      types.StringPointerValue(t.Output),
		"duration_ms": t.Brief.Duration.Value(),
		"description": types.StringPointerValue(t.Brief.Description),
	}
}
