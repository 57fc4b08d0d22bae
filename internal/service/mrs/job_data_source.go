package mrs

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

// NewJobDataSource is hwcjobs_mrs_job.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ client *client.Client }

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mrs_job"
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	required := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: desc, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	}
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	attrs := map[string]schema.Attribute{
		"cluster_id":   required("The ID of the MRS cluster that runs the job."),
		"job_id":       required("The ID of the job execution, the `job_id` that submitting the job (`POST /v2/{project_id}/clusters/{cluster_id}/job-executions`) returns."),
		"id":           str("The job ID."),
		"name":         str("The job's name (`job_name`)."),
		"type":         str("The job's type (`job_type`): `MapReduce`, `SparkSubmit`, `HiveScript`, `HiveSql`, `DistCp`, `SparkScript`, `SparkSql` or `Flink`."),
		"user":         str("The user who submitted the job."),
		"queue":        str("The YARN queue of the job."),
		"app_id":       str("The YARN application ID."),
		"tracking_url": str("The URL of the YARN application's logs."),
		"arguments": schema.StringAttribute{Computed: true, Sensitive: true,
			MarkdownDescription: "The job's arguments; sensitive, since they often carry keys."},
		"state": str("The job's state (`job_state`): `NEW`, `NEW_SAVING`, `SUBMITTED`, `ACCEPTED`, `RUNNING`, `FINISHED`, `FAILED` or `KILLED`."),
		"result": str("The job's result (`job_result`): `SUCCEEDED`, `FAILED`, `KILLED`, or `UNDEFINED` while it runs. " +
			"A `FINISHED` job succeeded only with `SUCCEEDED`."),
		"progress":     schema.Float64Attribute{Computed: true, MarkdownDescription: "The job's progress (`job_progress`), a number."},
		"submitted_at": str("When the job was submitted, RFC 3339 in UTC."),
		"started_at":   str("When the job began, RFC 3339 in UTC."),
		"completed_at": str("When the job ended (`finished_time`), RFC 3339 in UTC; null until it is done."),
		"done":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the state is terminal: `FINISHED`, `FAILED` or `KILLED`."},
		"succeeded":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job succeeded: state `FINISHED` and result `SUCCEEDED`."},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an MRS job execution (`GET /v2/{project_id}/clusters/{cluster_id}/job-executions/{job_id}`, " +
			"endpoint key `mrs`, HTTP 200 or 202), and can wait until it has finished. Success is state `FINISHED` with result " +
			"`SUCCEEDED`; `FAILED`, `KILLED`, and `FINISHED` with any other result are failures (YARN reports a failed " +
			"application as finished). A failed wait names the state, the result and the `tracking_url`.",
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
	clusterID, jobID := raw.String("cluster_id").ValueString(), raw.String("job_id").ValueString()
	subject := "MRS job " + jobID + " of cluster " + clusterID
	j, found, waitDiags := wait.Read(ctx, &args, wait.Job[jobDetail]{
		Subject: subject,
		Service: client.MRS,
		Poll:    func(ctx context.Context) (jobDetail, error) { return showJob(ctx, d.client, clusterID, jobID) },
		Status:  func(j jobDetail) string { return j.status() },
		Done:    func(j jobDetail) bool { return j.done() },
		Failure: func(j jobDetail) error {
			if !j.failed() {
				return nil
			}
			return &wait.FailedError{Subject: subject, Status: j.status(), Reason: j.failureText()}
		},
	})
	diags.Append(waitDiags...)
	if diags.HasError() {
		return nil, diags
	}
	if !found {
		// Every other computed attribute stays null, as the configuration has it.
		return map[string]attr.Value{"found": args.Found}, diags
	}
	convert.WarnOddTimes(&diags, j)
	computed := newJobFields(&j)
	if j.JobID == nil {
		computed["id"] = types.StringValue(jobID)
	}
	computed["found"] = args.Found
	return computed, diags
}

// newJobFields are the computed attributes of a job but found, built
// without reflection. arguments stays sensitive: sensitivity is the
// schema's, not the value's.
func newJobFields(j *jobDetail) map[string]attr.Value {
	completedAt := types.StringNull()
	if j.done() {
		completedAt = j.FinishedTime.Value()
	}
	return map[string]attr.Value{
		"id":           types.StringPointerValue(j.JobID),
		"name":         types.StringPointerValue(j.JobName),
		"type":         types.StringPointerValue(j.JobType),
		"user":         types.StringPointerValue(j.User),
		"queue":        types.StringPointerValue(j.Queue),
		"app_id":       types.StringPointerValue(j.AppID),
		"tracking_url": types.StringPointerValue(j.TrackingURL),
		"arguments":    types.StringPointerValue(j.Arguments),
		"state":        types.StringPointerValue(j.JobState),
		"result":       types.StringPointerValue(j.JobResult),
		"progress":     types.Float64PointerValue(j.JobProgress),
		"submitted_at": j.SubmittedTime.Value(),
		"started_at":   j.StartedTime.Value(),
		"completed_at": completedAt,
		"done":         types.BoolValue(j.done()),
		"succeeded":    types.BoolValue(j.succeeded()),
	}
}
