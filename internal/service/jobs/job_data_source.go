package jobs

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/validate"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewJobDataSource is hwcjobs_job.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ client *client.Client }

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job"
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"service": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: serviceDescription(),
			Validators:          []validator.String{stringvalidator.OneOf(jobfamily.Names()...)},
		},
		"job_id": schema.StringAttribute{
			Required: true, MarkdownDescription: "The ID of the job, the `job_id` that the operation handed back.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"missing_grace": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "While waiting, how long after the first poll an answer \"not found\" is polled again as " +
				"pending, as a duration such as `\"30s\"`: some APIs know a job id only seconds after they handed it back. " +
				"After it, \"not found\" is what `allow_missing` decides. Default `\"30s\"` for `rds` and `gaussdb_mysql`, " +
				"`\"0s\"` for the rest. A read without a wait is never delayed. Only with `wait_for_completion = true`.",
			Validators: []validator.String{validate.Duration(0)},
		},
		"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "The job ID."},
		"type":         schema.StringAttribute{Computed: true, MarkdownDescription: "The job's type: `job_type` (such as `createServer`, `extendVolume`, `QUERY`), a database job's `name` (such as `CreateMongoDB`); null for `dli_spark`."},
		"status":       schema.StringAttribute{Computed: true, MarkdownDescription: "The job's status, as the API spells it; see the table above for what each means."},
		"done":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: a success or a failure."},
		"succeeded":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job succeeded."},
		"blocked":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status waits for a person to act, such as `PENDING_PAYMENT` (an order to pay): neither done nor succeeded, and a wait on it ends at once."},
		"reason":       schema.StringAttribute{Computed: true, MarkdownDescription: reasonDescription},
		"error_code":   schema.StringAttribute{Computed: true, MarkdownDescription: "The job's `error_code`, when it failed with one."},
		"progress":     schema.StringAttribute{Computed: true, MarkdownDescription: "The job's progress as the API sends it (`process`, `progress`, IMS's `entities.process_percent`); null when the API sends none."},
		"started_at":   schema.StringAttribute{Computed: true, MarkdownDescription: "When the job began (`begin_time`, `created`, `start_time`, `create_time`), RFC 3339 in UTC."},
		"completed_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the job ended (`end_time`, `ended`, DLI's `start_time` + `duration`, Spark's `update_time`), RFC 3339 in UTC; null until the job is done."},
		"entities":     schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: entitiesDescription},
		"sub_jobs": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The job's sub-jobs at every depth (`entities.sub_jobs`, IMS's `entities.sub_jobs_result`, ELB's `sub_jobs`), flattened depth-first: each right after its parent.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "The sub-job ID."},
				"parent_id":    schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of its parent: the job, or another sub-job."},
				"type":         schema.StringAttribute{Computed: true, MarkdownDescription: "The sub-job's `job_type`."},
				"status":       schema.StringAttribute{Computed: true, MarkdownDescription: "The sub-job's status."},
				"done":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the sub-job's status is terminal."},
				"succeeded":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the sub-job succeeded."},
				"reason":       schema.StringAttribute{Computed: true, MarkdownDescription: "The sub-job's failure text (`fail_reason`, `entities.errorcode_message`, `code`/`message`, `entities.error`, `error_msg`)."},
				"error_code":   schema.StringAttribute{Computed: true, MarkdownDescription: "The sub-job's `error_code` (or `code`)."},
				"started_at":   schema.StringAttribute{Computed: true, MarkdownDescription: "When the sub-job began, RFC 3339 in UTC."},
				"completed_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the sub-job ended, RFC 3339 in UTC; null until it is done."},
				"entities":     schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The scalar fields of the sub-job's `entities` (ELB: `resource_id`)."},
			}},
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: dataSourceDescription(),
		Attributes:          wait.AddAttributes(ctx, attrs),
	}
}

const reasonDescription = "The failure text: `fail_reason` (with `error_code`), else the sub-jobs' failure texts " +
	"(ECS `entities.errorcode_message`, BMS `code`/`message`, IMS `entities.error` and `entities.addition_error_msg`); " +
	"ELB `error_msg`; DLI `message` and the last 10 lines of a Spark batch's `log`, for failed jobs only."

const entitiesDescription = "The scalar fields of the job's `entities` (such as `server_id`, `volume_id`, `image_id`); " +
	"`instance_id` and `instance_name` of a database job's `instance`; ELB `resource_id`; DLI `queue_name`, " +
	"`database_name`, `table_name`, `owner`; Spark `appId`, `name`, `queue`, `owner`."

// jobFields are the computed attributes.
type jobFields struct {
	ID          types.String  `tfsdk:"id"`
	Type        types.String  `tfsdk:"type"`
	Status      types.String  `tfsdk:"status"`
	Done        types.Bool    `tfsdk:"done"`
	Succeeded   types.Bool    `tfsdk:"succeeded"`
	Blocked     types.Bool    `tfsdk:"blocked"`
	Reason      types.String  `tfsdk:"reason"`
	ErrorCode   types.String  `tfsdk:"error_code"`
	Progress    types.String  `tfsdk:"progress"`
	StartedAt   types.String  `tfsdk:"started_at"`
	CompletedAt types.String  `tfsdk:"completed_at"`
	Entities    types.Map     `tfsdk:"entities"`
	SubJobs     []subJobModel `tfsdk:"sub_jobs"`
}

type subJobModel struct {
	ID          types.String `tfsdk:"id"`
	ParentID    types.String `tfsdk:"parent_id"`
	Type        types.String `tfsdk:"type"`
	Status      types.String `tfsdk:"status"`
	Done        types.Bool   `tfsdk:"done"`
	Succeeded   types.Bool   `tfsdk:"succeeded"`
	Reason      types.String `tfsdk:"reason"`
	ErrorCode   types.String `tfsdk:"error_code"`
	StartedAt   types.String `tfsdk:"started_at"`
	CompletedAt types.String `tfsdk:"completed_at"`
	Entities    types.Map    `tfsdk:"entities"`
}

type jobModel struct {
	jobFields
	wait.Arguments
	Service      types.String `tfsdk:"service"`
	JobID        types.String `tfsdk:"job_id"`
	MissingGrace types.String `tfsdk:"missing_grace"`
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
	svc, ok := jobfamily.Lookup(m.Service.ValueString())
	if !ok { // the validator has said so
		return
	}
	grace := svc.MissingGrace
	if s := m.MissingGrace.ValueString(); s != "" {
		if d, err := time.ParseDuration(s); err == nil { // the validator has checked it
			grace = d
		}
	}
	jobID := m.JobID.ValueString()
	j, found, diags := wait.Read(ctx, &m.Arguments, wait.Single(wait.SingleJob[job]{
		Subject:      svc.Title + " job " + jobID,
		Service:      client.Service(svc.Endpoint),
		Poll:         func(ctx context.Context) (job, error) { return show(ctx, d.client, svc, jobID) },
		Status:       func(j job) string { return j.Status },
		Reason:       func(j job) string { return failureText(svc, &j) },
		Classes:      svc.Classes(),
		Blocked:      func(j job) string { return blockedText(svc, j.Status) },
		MissingGrace: grace,
	}))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		// Every computed attribute stays null, as the configuration has it.
		m.Entities = types.MapNull(types.StringType)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	convert.WarnOddTimes(&resp.Diagnostics, j)
	m.jobFields = newJobFields(svc, &j)
	if m.ID.IsNull() {
		m.ID = types.StringValue(jobID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// blockedText is what a job in status waits for, or "".
func blockedText(svc jobfamily.Service, status string) string {
	if svc.ClassOf(status) == jobfamily.Blocked {
		return svc.WaitsFor
	}
	return ""
}

func newJobFields(svc jobfamily.Service, j *job) jobFields {
	class := svc.ClassOf(j.Status)
	f := jobFields{
		ID:          stringOrNull(j.ID),
		Type:        types.StringPointerValue(j.Type),
		Status:      types.StringValue(j.Status),
		Done:        types.BoolValue(class == jobfamily.Success || class == jobfamily.Failure),
		Succeeded:   types.BoolValue(class == jobfamily.Success),
		Blocked:     types.BoolValue(class == jobfamily.Blocked),
		Reason:      stringOrNull(reasonOf(svc, j, class)),
		ErrorCode:   stringOrNull(j.Code),
		Progress:    types.StringPointerValue(j.Progress),
		StartedAt:   j.StartedAt.Value(),
		CompletedAt: completedAt(class, j.CompletedAt),
		Entities:    entitiesValue(j.Entities),
		SubJobs:     []subJobModel{},
	}
	for _, s := range flatten(j) {
		sc := svc.ClassOf(s.Status)
		f.SubJobs = append(f.SubJobs, subJobModel{
			ID:          stringOrNull(s.ID),
			ParentID:    stringOrNull(s.parentID),
			Type:        types.StringPointerValue(s.Type),
			Status:      stringOrNull(s.Status),
			Done:        types.BoolValue(sc == jobfamily.Success || sc == jobfamily.Failure),
			Succeeded:   types.BoolValue(sc == jobfamily.Success),
			Reason:      stringOrNull(s.Reason),
			ErrorCode:   stringOrNull(s.Code),
			StartedAt:   s.StartedAt.Value(),
			CompletedAt: completedAt(sc, s.CompletedAt),
			Entities:    entitiesValue(s.Entities),
		})
	}
	return f
}

// reasonOf is the job's failure text; for the shapes whose text says more
// than a failure, only when the job failed.
func reasonOf(svc jobfamily.Service, j *job, class jobfamily.Class) string {
	if failureOnly(svc.Shape) && class != jobfamily.Failure {
		return ""
	}
	return failureText(svc, j)
}

// completedAt is null until the job is done: some APIs send the time of
// their last update there while the job runs.
func completedAt(class jobfamily.Class, t convert.Time) types.String {
	if class != jobfamily.Success && class != jobfamily.Failure {
		return types.StringNull()
	}
	return t.Value()
}

func entitiesValue(m map[string]string) types.Map {
	if m == nil {
		return types.MapNull(types.StringType)
	}
	v, _ := types.MapValueFrom(context.Background(), types.StringType, m)
	return v
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
