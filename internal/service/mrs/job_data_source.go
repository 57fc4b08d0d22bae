package mrs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
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

type jobFields struct {
	ID          types.String  `tfsdk:"id"`
	Name        types.String  `tfsdk:"name"`
	Type        types.String  `tfsdk:"type"`
	User        types.String  `tfsdk:"user"`
	Queue       types.String  `tfsdk:"queue"`
	AppID       types.String  `tfsdk:"app_id"`
	TrackingURL types.String  `tfsdk:"tracking_url"`
	Arguments   types.String  `tfsdk:"arguments"`
	State       types.String  `tfsdk:"state"`
	Result      types.String  `tfsdk:"result"`
	Progress    types.Float64 `tfsdk:"progress"`
	SubmittedAt types.String  `tfsdk:"submitted_at"`
	StartedAt   types.String  `tfsdk:"started_at"`
	CompletedAt types.String  `tfsdk:"completed_at"`
	Done        types.Bool    `tfsdk:"done"`
	Succeeded   types.Bool    `tfsdk:"succeeded"`
}

type jobModel struct {
	jobFields
	wait.Arguments
	ClusterID types.String `tfsdk:"cluster_id"`
	JobID     types.String `tfsdk:"job_id"`
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
	clusterID, jobID := m.ClusterID.ValueString(), m.JobID.ValueString()
	subject := "MRS job " + jobID + " of cluster " + clusterID
	j, found, diags := wait.Read(ctx, &m.Arguments, wait.Job[jobDetail]{
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
	m.jobFields = newJobFields(&j)
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func newJobFields(j *jobDetail) jobFields {
	f := jobFields{
		ID:          types.StringPointerValue(j.JobID),
		Name:        types.StringPointerValue(j.JobName),
		Type:        types.StringPointerValue(j.JobType),
		User:        types.StringPointerValue(j.User),
		Queue:       types.StringPointerValue(j.Queue),
		AppID:       types.StringPointerValue(j.AppID),
		TrackingURL: types.StringPointerValue(j.TrackingURL),
		Arguments:   types.StringPointerValue(j.Arguments),
		State:       types.StringPointerValue(j.JobState),
		Result:      types.StringPointerValue(j.JobResult),
		Progress:    types.Float64PointerValue(j.JobProgress),
		SubmittedAt: j.SubmittedTime.Value(),
		StartedAt:   j.StartedTime.Value(),
		CompletedAt: types.StringNull(),
		Done:        types.BoolValue(j.done()),
		Succeeded:   types.BoolValue(j.succeeded()),
	}
	if j.done() {
		f.CompletedAt = j.FinishedTime.Value()
	}
	return f
}
