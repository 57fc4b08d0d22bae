package servicestage

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewJobDataSource is hwcjobs_servicestage_job.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ client *client.Client }

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_servicestage_job"
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"job_id": schema.StringAttribute{
			Required: true, MarkdownDescription: "The ID of the job, the `job_id` that creating, changing or deploying a component returns.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"id":                  schema.StringAttribute{Computed: true, MarkdownDescription: "The job ID."},
		"execution_status":    schema.StringAttribute{Computed: true, MarkdownDescription: "The job status: `SUBMITTED`, `SCHEDULED`, `RUNNING`, `FAILED`, `SUCCEEDED`, `CANCELLED`, `PARTIALLY_FAILED`, `ROLLBACKING`, `ROLLBACKED` or `UNKNOWN`."},
		"job_type":            schema.StringAttribute{Computed: true, MarkdownDescription: "The job type: `PROVISION`, `DEPROVISION`, `DAILY_OPERATION`, `SYSTEM_INNER` or `UNKNOWN`."},
		"order_id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the job's order."},
		"service_instance_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the instance the job works on."},
		"task_count":          schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of tasks of the job as the API reports it, or the number of tasks read when it does not."},
		"done":                schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: `SUCCEEDED`, `FAILED`, `CANCELLED`, `PARTIALLY_FAILED`, `ROLLBACKED` or `UNKNOWN`."},
		"succeeded":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job succeeded (status `SUCCEEDED`)."},
		"tasks": schema.ListNestedAttribute{
			Computed: true, MarkdownDescription: "The job's tasks, every page of them, sorted by `index`.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The task ID."},
				"index":      schema.Int64Attribute{Computed: true, MarkdownDescription: "The position of the task in the job, ascending."},
				"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "The task name."},
				"status":     schema.StringAttribute{Computed: true, MarkdownDescription: "The task status: the job statuses, and `SKIPPED`."},
				"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the task was created, RFC 3339 in UTC."},
				"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the task was last updated, RFC 3339 in UTC."},
				"messages":   schema.StringAttribute{Computed: true, MarkdownDescription: "The task's messages: what happened, and why it failed (`{}` when there are none)."},
			}},
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a ServiceStage job and every page of its tasks (`GET /v3/{project_id}/cas/jobs/{job_id}`), " +
			"and can wait until it has finished. A failed wait shows the failed tasks' messages.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

type jobDataSourceModel struct {
	jobModel
	wait.Arguments
	JobID types.String `tfsdk:"job_id"`
}

// jobModel holds the computed attributes.
type jobModel struct {
	ID                types.String `tfsdk:"id"`
	ExecutionStatus   types.String `tfsdk:"execution_status"`
	JobType           types.String `tfsdk:"job_type"`
	OrderID           types.String `tfsdk:"order_id"`
	ServiceInstanceID types.String `tfsdk:"service_instance_id"`
	TaskCount         types.Int64  `tfsdk:"task_count"`
	Done              types.Bool   `tfsdk:"done"`
	Succeeded         types.Bool   `tfsdk:"succeeded"`
	Tasks             []taskModel  `tfsdk:"tasks"`
}

type taskModel struct {
	ID        types.String `tfsdk:"id"`
	Index     types.Int64  `tfsdk:"index"`
	Name      types.String `tfsdk:"name"`
	Status    types.String `tfsdk:"status"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
	Messages  types.String `tfsdk:"messages"`
}

func (d *jobDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m jobDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobID := m.JobID.ValueString()
	subject := "ServiceStage job " + jobID
	j, found, diags := wait.Read(ctx, &m.Arguments, wait.Single(wait.SingleJob[shownJob]{
		Subject: subject,
		Service: client.ServiceStage,
		Poll:    func(ctx context.Context) (shownJob, error) { return showJob(ctx, d.client, jobID) },
		Status:  func(j shownJob) string { return j.status() },
		Reason:  func(j shownJob) string { return failureText(j.Tasks) },
		Classes: statuses,
	}))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		// Every computed attribute stays null, as the configuration has it.
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	convert.WarnOddTimes(&resp.Diagnostics, j)
	if j.Warning != "" {
		resp.Diagnostics.AddWarning("Incomplete Task List", fmt.Sprintf("%s: %s", subject, j.Warning))
	}

	m.jobModel = newJobModel(j)
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// newJobModel maps a job read by showJob, whose tasks are sorted already.
// task_count is the API's, or the number of tasks read when it has none.
func newJobModel(j shownJob) jobModel {
	m := jobModel{
		ID:                j.JobID.Value(),
		ExecutionStatus:   types.StringPointerValue(j.ExecutionStatus),
		JobType:           types.StringPointerValue(j.JobType),
		OrderID:           j.OrderID.Value(),
		ServiceInstanceID: j.ServiceInstanceID.Value(),
		TaskCount:         j.TaskCount.Value(),
		Done:              types.BoolValue(statuses.Done(j.status())),
		Succeeded:         types.BoolValue(statuses.Succeeded(j.status())),
		Tasks:             make([]taskModel, len(j.Tasks)),
	}
	if !j.TaskCount.Valid {
		m.TaskCount = types.Int64Value(int64(len(j.Tasks)))
	}
	for i, t := range j.Tasks {
		m.Tasks[i] = taskModel{
			ID:        t.TaskID.Value(),
			Index:     t.TaskIndex.Value(),
			Name:      types.StringPointerValue(t.TaskName),
			Status:    types.StringPointerValue(t.TaskStatus),
			CreatedAt: t.CreatedAt.Value(),
			UpdatedAt: t.UpdateAt.Value(),
			Messages:  t.Messages.Value(),
		}
	}
	return m
}
