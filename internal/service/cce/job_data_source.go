package cce

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewJobDataSource is hwcjobs_cce_job.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ client *client.Client }

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cce_job"
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := jobAttributes()
	attrs["job_id"] = schema.StringAttribute{
		Required: true, MarkdownDescription: "The ID of the job, such as the `job_id` that creating a node or a cluster returns.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["sub_jobs"] = subJobsAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one CCE job with its sub-jobs (`GET /api/v3/projects/{project_id}/jobs/{job_id}`), " +
			"and can wait until it has finished. A failed wait shows the reasons of the failed sub-jobs, deepest first, then the job's own.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

// jobFields are the attributes of the job, those of a job of
// hwcjobs_cce_jobs.
type jobFields struct {
	ID           types.String `tfsdk:"id"`
	Kind         types.String `tfsdk:"kind"`
	APIVersion   types.String `tfsdk:"api_version"`
	Type         types.String `tfsdk:"type"`
	ClusterID    types.String `tfsdk:"cluster_id"`
	ResourceID   types.String `tfsdk:"resource_id"`
	ResourceName types.String `tfsdk:"resource_name"`
	ExtendParams types.Map    `tfsdk:"extend_params"`
	Status       types.String `tfsdk:"status"`
	Reason       types.String `tfsdk:"reason"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
	CompletedAt  types.String `tfsdk:"completed_at"`
	Done         types.Bool   `tfsdk:"done"`
	Succeeded    types.Bool   `tfsdk:"succeeded"`
	SubJobs      types.List   `tfsdk:"sub_jobs"`
}

type jobModel struct {
	jobFields
	wait.Arguments
	JobID types.String `tfsdk:"job_id"`
}

func (d *jobDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m jobModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobID := m.JobID.ValueString()
	j, found, diags := wait.Read(ctx, &m.Arguments, wait.Single(wait.SingleJob[job]{
		Subject: "CCE job " + jobID,
		Service: client.CCE,
		Poll:    func(ctx context.Context) (job, error) { return showJob(ctx, d.client, jobID) },
		Status:  func(j job) string { return j.status() },
		Reason:  func(j job) string { return failureText(&j) },
		Classes: statuses,
	}))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		// Every computed attribute stays null, as the configuration has it.
		m.SubJobs = types.ListNull(subJobObjectType)
		m.ExtendParams = types.MapNull(types.StringType)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	convert.WarnOddTimes(&resp.Diagnostics, j)

	resp.Diagnostics.Append(newJobFields(ctx, &j, &m.jobFields)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// newJobFields sets the attributes of j in out, from the same values as a
// job object of hwcjobs_cce_jobs.
func newJobFields(ctx context.Context, j *job, out *jobFields) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := jobAttrValues(j, &diags)
	attrs["sub_jobs"] = newSubJobList(j, &diags)
	if diags.HasError() {
		return diags
	}
	object, d := types.ObjectValue(jobObjectType.AttrTypes, attrs)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(object.As(ctx, out, basetypes.ObjectAsOptions{})...)
	return diags
}
