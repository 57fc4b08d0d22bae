package servicestage

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
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
		"tasks":               taskAttributes(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a ServiceStage job and every page of its tasks (`GET /v3/{project_id}/cas/jobs/{job_id}`), " +
			"and can wait until it has finished. A failed wait shows the failed tasks' messages.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

func taskAttributes() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
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
	}
}

// taskObjectType is the type of a task object, from the schema.
var taskObjectType = convert.ObjectType(taskAttributes())

// jobModel holds the computed attributes but found, from which the state's
// are built (attrValues). Its tags are the schema's names, which
// TestSchemaAndModel checks.
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
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name. The arguments are read one by
// one (tfwire.Arguments) and the attributes built as values, without the
// framework's reflection over a model struct
// (hashicorp/terraform-plugin-framework#725).
func (d *jobDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	raw, diags := tfwire.ArgumentsOf(config)
	if diags.HasError() {
		return nil, diags
	}
	jobID := raw.String("job_id").ValueString()
	a := wait.ArgumentsOf(raw)
	subject := "ServiceStage job " + jobID
	j, found, waitDiags := wait.Read(ctx, &a, wait.Single(wait.SingleJob[shownJob]{
		Subject: subject,
		Service: client.ServiceStage,
		Poll:    func(ctx context.Context) (shownJob, error) { return showJob(ctx, d.client, jobID) },
		Status:  func(j shownJob) string { return j.status() },
		Reason:  func(j shownJob) string { return failureText(j.Tasks) },
		Classes: statuses,
	}))
	diags.Append(waitDiags...)
	if diags.HasError() {
		return nil, diags
	}
	if !found {
		// Every other computed attribute stays null, as the configuration has it.
		return map[string]attr.Value{"found": a.Found}, diags
	}
	convert.WarnOddTimes(&diags, j)
	if j.Warning != "" {
		diags.AddWarning("Incomplete Task List", fmt.Sprintf("%s: %s", subject, j.Warning))
	}

	m := newJobModel(j)
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	computed := m.attrValues()
	computed["found"] = a.Found
	return computed, diags
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

// attrValues are the model's attributes by name; tasks is built as it is
// written (see tfwire.ObjectList).
func (m jobModel) attrValues() map[string]attr.Value {
	tasks := m.Tasks
	return map[string]attr.Value{
		"id":                  m.ID,
		"execution_status":    m.ExecutionStatus,
		"job_type":            m.JobType,
		"order_id":            m.OrderID,
		"service_instance_id": m.ServiceInstanceID,
		"task_count":          m.TaskCount,
		"done":                m.Done,
		"succeeded":           m.Succeeded,
		"tasks":               tfwire.ObjectsOf(taskObjectType, tasks, taskModel.attrValues),
	}
}

func (t taskModel) attrValues() map[string]attr.Value {
	return map[string]attr.Value{
		"id":         t.ID,
		"index":      t.Index,
		"name":       t.Name,
		"status":     t.Status,
		"created_at": t.CreatedAt,
		"updated_at": t.UpdatedAt,
		"messages":   t.Messages,
	}
}
