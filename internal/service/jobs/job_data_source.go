package jobs

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
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
		"sub_jobs":     subJobsAttribute,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: dataSourceDescription(),
		Attributes:          wait.AddAttributes(ctx, attrs),
	}
}

// subJobsAttribute is sub_jobs; its element type is built from it.
var subJobsAttribute = schema.ListNestedAttribute{
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
}

var subJobType = convert.ObjectType(subJobsAttribute)

const reasonDescription = "The failure text: `fail_reason` (after its `error_code`), else the sub-jobs' failure texts " +
	"(ECS `entities.errorcode_message`, BMS `code`/`message`, IMS `entities.error` and `entities.addition_error_msg`); " +
	"ELB `error_msg` (after its `error_code`); DLI `message` and the last 10 lines of a Spark batch's `log`, for failed jobs only."

const entitiesDescription = "The scalar fields of the job's `entities` (such as `server_id`, `volume_id`, `image_id`); " +
	"`instance_id` and `instance_name` of a database job's `instance`; ELB `resource_id`; DLI `queue_name`, " +
	"`database_name`, `table_name`, `owner`; Spark `appId`, `name`, `queue`, `owner`."

// jobArguments are the arguments. ReadComputed reads them, and returns the
// computed attributes, attribute by attribute (package tfwire): the
// framework's reflection over a model struct (a regular expression compiled
// per field and read, hashicorp/terraform-plugin-framework#725) made a read
// of hwcjobs_job cost a third more than one of hwcjobs_servicestage_job.
type jobArguments struct {
	wait.Arguments
	Service      types.String
	JobID        types.String
	MissingGrace types.String
}

// readArguments reads the arguments of the configuration.
func readArguments(config tfsdk.Config) (jobArguments, diag.Diagnostics) {
	var a jobArguments
	raw, diags := tfwire.ArgumentsOf(config)
	if diags.HasError() {
		return a, diags
	}
	a.Service, a.JobID, a.MissingGrace = raw.String("service"), raw.String("job_id"), raw.String("missing_grace")
	a.Arguments = wait.ArgumentsOf(raw)
	return a, diags
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
// itself: the computed attributes by name.
func (d *jobDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	a, diags := readArguments(config)
	if diags.HasError() {
		return nil, diags
	}
	svc, ok := jobfamily.Lookup(a.Service.ValueString())
	if !ok { // the validator has said so
		diags.AddAttributeError(path.Root("service"), "Unknown Service", "Unknown service "+a.Service.String()+".")
		return nil, diags
	}
	grace := svc.MissingGrace
	if s := a.MissingGrace.ValueString(); s != "" {
		if d, err := time.ParseDuration(s); err == nil { // the validator has checked it
			grace = d
		}
	}
	jobID := a.JobID.ValueString()
	j, found, waitDiags := wait.Read(ctx, &a.Arguments, wait.Single(wait.SingleJob[job]{
		Subject:      svc.Title + " job " + jobID,
		Service:      client.Service(svc.Endpoint),
		Poll:         func(ctx context.Context) (job, error) { return show(ctx, d.client, svc, jobID) },
		Status:       func(j job) string { return j.Status },
		Reason:       func(j job) string { return failureText(svc, &j) },
		Classes:      svc.Classes(),
		Blocked:      func(j job) string { return blockedText(svc, j.Status) },
		MissingGrace: grace,
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
	computed := computedValues(svc, &j, &diags)
	if j.ID == "" {
		computed["id"] = types.StringValue(jobID)
	}
	computed["found"] = a.Found
	return computed, diags
}

// blockedText is what a job in status waits for, or "".
func blockedText(svc jobfamily.Service, status string) string {
	if svc.ClassOf(status) == jobfamily.Blocked {
		return svc.WaitsFor
	}
	return ""
}

// computedValues are the computed attributes of a job, but found.
func computedValues(svc jobfamily.Service, j *job, diags *diag.Diagnostics) map[string]attr.Value {
	class := svc.ClassOf(j.Status)
	return map[string]attr.Value{
		"id":           stringOrNull(j.ID),
		"type":         types.StringPointerValue(j.Type),
		"status":       types.StringValue(j.Status),
		"done":         types.BoolValue(class == jobfamily.Success || class == jobfamily.Failure),
		"succeeded":    types.BoolValue(class == jobfamily.Success),
		"blocked":      types.BoolValue(class == jobfamily.Blocked),
		"reason":       stringOrNull(reasonOf(svc, j, class)),
		"error_code":   stringOrNull(j.Code),
		"progress":     types.StringPointerValue(j.Progress),
		"started_at":   j.StartedAt.Value(),
		"completed_at": completedAt(class, j.CompletedAt),
		"entities":     entitiesValue(j.Entities),
		"sub_jobs": convert.ObjectList(subJobType, flatten(j), func(s descendant) map[string]attr.Value {
			sc := svc.ClassOf(s.Status)
			return map[string]attr.Value{
				"id":           stringOrNull(s.ID),
				"parent_id":    stringOrNull(s.parentID),
				"type":         types.StringPointerValue(s.Type),
				"status":       stringOrNull(s.Status),
				"done":         types.BoolValue(sc == jobfamily.Success || sc == jobfamily.Failure),
				"succeeded":    types.BoolValue(sc == jobfamily.Success),
				"reason":       stringOrNull(s.Reason),
				"error_code":   stringOrNull(s.Code),
				"started_at":   s.StartedAt.Value(),
				"completed_at": completedAt(sc, s.CompletedAt),
				"entities":     entitiesValue(s.Entities),
			}
		}, diags),
	}
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
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
