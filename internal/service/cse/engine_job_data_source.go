package cse

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewEngineJobDataSource is hwcjobs_cse_engine_job.
func NewEngineJobDataSource() datasource.DataSource { return &engineJobDataSource{} }

type engineJobDataSource struct{ client *client.Client }

func (d *engineJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cse_engine_job"
}

func (d *engineJobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := jobAttributes()
	attrs["engine_id"] = schema.StringAttribute{
		Required: true, MarkdownDescription: "The ID of the engine.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["job_id"] = schema.StringAttribute{
		Required: true, MarkdownDescription: "The ID of the job.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["phases"] = schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The job's phases, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "The phase name."},
			"task_names":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The procedures of the phase."},
			"status":      schema.StringAttribute{Computed: true, MarkdownDescription: "The phase status."},
			"start_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the phase started, RFC 3339 in UTC."},
			"end_time":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the phase ended, RFC 3339 in UTC."},
			"duration_ms": schema.Int64Attribute{Computed: true, MarkdownDescription: "The phase's duration in milliseconds."},
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The phase description."},
			"tasks":       taskAttributes(),
		}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one job of a CSE exclusive microservice engine " +
			"(`GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs/{job_id}`), and can wait until it has finished. " +
			"A failed wait shows the failed tasks' logs.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

type engineJobModel struct {
	jobModel
	wait.Arguments
	JobID  types.String `tfsdk:"job_id"`
	Phases []phaseModel `tfsdk:"phases"`
}

type phaseModel struct {
	Name        types.String `tfsdk:"name"`
	TaskNames   []string     `tfsdk:"task_names"`
	Status      types.String `tfsdk:"status"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	DurationMs  types.Int64  `tfsdk:"duration_ms"`
	Description types.String `tfsdk:"description"`
	Tasks       types.List   `tfsdk:"tasks"`
}

func (d *engineJobDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *engineJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *engineJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m engineJobModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	engineID, jobID := m.EngineID.ValueString(), m.JobID.ValueString()
	j, found, diags := wait.Read(ctx, &m.Arguments, wait.Single(wait.SingleJob[shownJob]{
		Subject: fmt.Sprintf("CSE engine job %s of engine %s", jobID, engineID),
		Service: client.CSE,
		Poll:    func(ctx context.Context) (shownJob, error) { return showJob(ctx, d.client, engineID, jobID) },
		Status:  func(j shownJob) string { return j.status() },
		Reason:  func(j shownJob) string { return failureText(j.allTasks()) },
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

	m.jobModel = newJobModel(j.job)
	// The arguments stay as configured whatever the API echoes.
	m.EngineID = types.StringValue(engineID)
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	m.Phases = newPhaseModels(j.Phases, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func newPhaseModels(phases []phase, diags *diag.Diagnostics) []phaseModel {
	out := make([]phaseModel, len(phases))
	for i, p := range phases {
		out[i] = phaseModel{
			Name:        types.StringPointerValue(p.TaskName),
			TaskNames:   p.TaskNames,
			Status:      types.StringPointerValue(p.Status),
			StartTime:   p.StartTime.Value(),
			EndTime:     p.EndTime.Value(),
			DurationMs:  p.Brief.Duration.Value(),
			Description: types.StringPointerValue(p.Brief.Description),
			Tasks:       newTaskList(p.Tasks, diags),
		}
	}
	return out
}

// allTasks are the tasks of every phase.
func (j shownJob) allTasks() []task {
	var all []task
	for _, p := range j.Phases {
		all = append(all, p.Tasks...)
	}
	return all
}
