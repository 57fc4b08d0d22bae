package cce

import (
	"context"

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
// one (package tfwire), not through the framework's reflection over a model
// struct (hashicorp/terraform-plugin-framework#725).
func (d *jobDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	raw, diags := tfwire.ArgumentsOf(config)
	if diags.HasError() {
		return nil, diags
	}
	args := wait.ArgumentsOf(raw)
	jobID := raw.String("job_id").ValueString()
	j, found, waitDiags := wait.Read(ctx, &args, wait.Single(wait.SingleJob[job]{
		Subject: "CCE job " + jobID,
		Service: client.CCE,
		Poll:    func(ctx context.Context) (job, error) { return showJob(ctx, d.client, jobID) },
		Status:  func(j job) string { return j.status() },
		Reason:  func(j job) string { return failureText(&j) },
		Classes: statuses,
	}))
	diags.Append(waitDiags...)
	if diags.HasError() {
		return nil, diags
	}
	if !found {
		// Every other computed attribute stays null, as the configuration has it.
		return map[string]attr.Value{"found": args.Found}, diags
	}
	convert.WarnOddTimes(&diags, j)
	computed := computedValues(&j, &diags)
	if diags.HasError() {
		return nil, diags
	}
	if j.Metadata.UID == nil {
		computed["id"] = types.StringValue(jobID)
	}
	computed["found"] = args.Found
	return computed, diags
}

// computedValues are the attributes of j, those of a job object of
// hwcjobs_cce_jobs and built by the same functions: sub_jobs is built as it
// is written (see tfwire.ObjectList).
func computedValues(j *job, diags *diag.Diagnostics) map[string]attr.Value {
	attrs := jobAttrValues(j, diags)
	attrs["sub_jobs"] = subJobList(j)
	return attrs
}
