package dlf

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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

// NewJobsDataSource is hwcjobs_dataarts_factory_jobs.
func NewJobsDataSource() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct{ client *client.Client }

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dataarts_factory_jobs"
}

// noComma keeps a tag whole: the API takes the tags comma-joined.
var noComma = regexp.MustCompile(`^[^,]*$`)

func (d *jobsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the jobs of DataArts Studio DataArts Factory (DLF) in a workspace, every page of them " +
			"(`GET /v1/{project_id}/jobs`).",
		Attributes: wait.AddTimeouts(ctx, map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "A digest of the arguments."},
			"workspace_id": schema.StringAttribute{
				Optional: true, MarkdownDescription: "The ID of the workspace (sent as header `workspace`). Default: the default workspace.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"process_type": schema.StringAttribute{
				Optional: true, MarkdownDescription: "The kind of jobs to list: `BATCH` or `REAL_TIME` (sent as `jobType`). Default `BATCH`.",
				Validators: []validator.String{stringvalidator.OneOf(processTypes...)},
			},
			"name": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs with this name, as the API matches it (sent as `jobName`).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"tags": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only jobs with these tags (sent comma-joined as `tags`).",
				Validators: []validator.List{
					listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(
						stringvalidator.LengthAtLeast(1),
						stringvalidator.RegexMatches(noComma, "must not contain a comma, which separates tags in the request"),
					),
				},
			},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of jobs in `jobs`."},
			"jobs":  jobsAttribute(),
		}),
	}
}

func jobsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The jobs, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":                   schema.StringAttribute{Computed: true, MarkdownDescription: "The job name."},
			"process_type":           schema.StringAttribute{Computed: true, MarkdownDescription: "The job type: `BATCH` or `REAL_TIME`."},
			"owner":                  schema.StringAttribute{Computed: true, MarkdownDescription: "The job owner."},
			"priority":               schema.Int64Attribute{Computed: true, MarkdownDescription: "The job priority: `0` high, `1` medium, `2` low."},
			"status":                 schema.StringAttribute{Computed: true, MarkdownDescription: "The job status: `STARTING`, `NORMAL`, `EXCEPTION`, `STOPPING` or `STOPPED` for real-time jobs, `SCHEDULING`, `STOPPED` or `PAUSED` for batch jobs."},
			"created_by":             schema.StringAttribute{Computed: true, MarkdownDescription: "The user who created the job."},
			"created_at":             schema.StringAttribute{Computed: true, MarkdownDescription: "When the job was created, RFC 3339 in UTC."},
			"start_time":             schema.StringAttribute{Computed: true, MarkdownDescription: "When the job started running, RFC 3339 in UTC."},
			"end_time":               schema.StringAttribute{Computed: true, MarkdownDescription: "When the job stopped running, RFC 3339 in UTC."},
			"last_instance_status":   schema.StringAttribute{Computed: true, MarkdownDescription: "The status of the job's most recent instance (batch jobs only)."},
			"last_instance_end_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the job's most recent instance ended, RFC 3339 in UTC (batch jobs only)."},
			"updated_at":             schema.StringAttribute{Computed: true, MarkdownDescription: "When the job was last updated, RFC 3339 in UTC."},
			"updated_by":             schema.StringAttribute{Computed: true, MarkdownDescription: "The user who last updated the job."},
			"directory":              schema.StringAttribute{Computed: true, MarkdownDescription: "The directory of the job, such as `/` (`path`)."},
			"is_single_task_job":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job is a single-task job (`singleNodeJobFlag`)."},
		}},
	}
}

// jobObjectType is the type of a job object, from the schema.
var jobObjectType = convert.ObjectType(jobsAttribute())

type jobsModel struct {
	ID          types.String `tfsdk:"id"`
	WorkspaceID types.String `tfsdk:"workspace_id"`
	ProcessType types.String `tfsdk:"process_type"`
	Name        types.String `tfsdk:"name"`
	Tags        types.List   `tfsdk:"tags"`
	Total       types.Int64  `tfsdk:"total"`
	Jobs        types.List   `tfsdk:"jobs"`
	wait.ReadTimeout
}

func (d *jobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name.
func (d *jobsDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	var m jobsModel
	diags := config.Get(ctx, &m)
	if diags.HasError() {
		return nil, diags
	}
	jobs := d.read(ctx, &m, &diags)
	return map[string]attr.Value{"id": m.ID, "total": m.Total, "jobs": jobs}, diags
}

// read lists the jobs that the arguments in m select: it sets id and total
// in m and returns the jobs attribute, whose objects are built as it is
// written.
func (d *jobsDataSource) read(ctx context.Context, m *jobsModel, diags *diag.Diagnostics) tfwire.ObjectList {
	q := listQuery{WorkspaceID: m.WorkspaceID.ValueString(), ProcessType: defaultProcessType, Name: m.Name.ValueString()}
	if !m.ProcessType.IsNull() {
		q.ProcessType = m.ProcessType.ValueString()
	}
	if !m.Tags.IsNull() {
		diags.Append(m.Tags.ElementsAs(ctx, &q.Tags, false)...)
		if diags.HasError() {
			return tfwire.ObjectList{}
		}
	}

	subject := "the DataArts Factory job list"
	if q.WorkspaceID != "" {
		subject += " of workspace " + q.WorkspaceID
	}
	ctx, cancel, timeoutDiags := m.Context(ctx)
	defer cancel()
	diags.Append(timeoutDiags...)
	if diags.HasError() {
		return tfwire.ObjectList{}
	}
	paged, err := listJobs(ctx, d.client, q)
	if err != nil {
		diags.AddError(client.Describe(err, subject))
		return tfwire.ObjectList{}
	}
	if paged.Warning != "" {
		diags.AddWarning("Incomplete Job List", fmt.Sprintf("Reading %s: %s", subject, paged.Warning))
	}

	// process_type, like every argument, stays as configured: null when unset.
	convert.WarnOddTimes(diags, paged.Items)
	m.ID = types.StringValue(convert.ListID(q.WorkspaceID, q.ProcessType, q.Name, strings.Join(q.Tags, ",")))
	m.Total = types.Int64Value(int64(len(paged.Items)))
	return jobList(paged.Items)
}

// jobList is the jobs attribute: its objects are built from their
// attribute values, not through the framework's reflection, which costs
// seconds for thousands of jobs (hashicorp/terraform-plugin-framework#725),
// and only as the list is written (see tfwire.ObjectList).
func jobList(jobs []job) tfwire.ObjectList {
	return tfwire.ObjectsOf(jobObjectType, jobs, jobAttrValues)
}

func jobAttrValues(j job) map[string]attr.Value {
	return map[string]attr.Value{
		"name":                   types.StringPointerValue(j.Name),
		"process_type":           types.StringPointerValue(j.JobType),
		"owner":                  types.StringPointerValue(j.Owner),
		"priority":               j.Priority.Value(),
		"status":                 types.StringPointerValue(j.Status),
		"created_by":             types.StringPointerValue(j.CreateUser),
		"created_at":             j.CreateTime.Value(),
		"start_time":             j.StartTime.Value(),
		"end_time":               j.EndTime.Value(),
		"last_instance_status":   types.StringPointerValue(j.LastInstanceStatus),
		"last_instance_end_time": j.LastInstanceEndTime.Value(),
		"updated_at":             j.LastUpdateTime.Value(),
		"updated_by":             types.StringPointerValue(j.LastUpdateUser),
		"directory":              types.StringPointerValue(j.Path),
		"is_single_task_job":     j.SingleNodeJobFlag.Value(),
	}
}
