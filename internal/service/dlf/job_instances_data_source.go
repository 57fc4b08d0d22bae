package dlf

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/validate"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewJobInstancesDataSource is hwcjobs_dataarts_factory_job_instances.
func NewJobInstancesDataSource() datasource.DataSource { return &jobInstancesDataSource{} }

type jobInstancesDataSource struct{ client *client.Client }

var _ datasource.DataSourceWithValidateConfig = &jobInstancesDataSource{}

func (d *jobInstancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dataarts_factory_job_instances"
}

func (d *jobInstancesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the runs (job instances) of DataArts Studio DataArts Factory (DLF) jobs in a workspace, " +
			"every page of them (`GET /v1/{project_id}/jobs/instances/detail`), and can wait until none of them is pending.",
		Attributes: wait.AddListAttributes(ctx, map[string]schema.Attribute{
			"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "A digest of the arguments."},
			"workspace_id": workspaceIDAttribute(),
			"job_name": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only runs of jobs with this name (sent as `jobName`): names that contain it, " +
					"or exactly this name with `exact_name`. The sub-jobs of a real-time job are named `<job>_<node>`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"exact_name": schema.BoolAttribute{
				Optional: true, MarkdownDescription: "Match `job_name` exactly (sent as `preciseQuery`). Default `false`.",
			},
			"status": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only runs with this status (sent as `status`), such as `running` or `fail`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"instance_type": schema.Int64Attribute{
				Optional: true, MarkdownDescription: "Only runs of this type (sent as `instanceType`): `0` scheduled, `2` manual, " +
					"`5` backfill, `6` sub-job schedule, `7` one-time schedule.",
			},
			"min_plan_time": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only runs planned at or after this time, RFC 3339 (sent as `minPlanTime` in epoch milliseconds). " +
					"Default: today 00:00, the API's own.",
				Validators: []validator.String{validate.RFC3339()},
			},
			"max_plan_time": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only runs planned at or before this time, RFC 3339 (sent as `maxPlanTime` in epoch milliseconds). " +
					"Default: now, the API's own. The window from `min_plan_time` may span 7 days at most.",
				Validators: []validator.String{validate.RFC3339()},
			},
			"total":     schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of runs in `instances`."},
			"instances": instancesAttribute(),
		}),
	}
}

func workspaceIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, MarkdownDescription: "The ID of the workspace (sent as header `workspace`). Default: the default workspace.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

func instancesAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The runs, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the run (`instanceId`)."},
			"job_name":       schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the job."},
			"job_id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the job."},
			"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the run in logs (`jobInstanceName`)."},
			"status":         schema.StringAttribute{Computed: true, MarkdownDescription: "The status of the run: `waiting`, `running`, `success`, `fail`, `running-exception`, `pause`, `manual-stop`, `skip-by-depend`, ..."},
			"plan_time":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the run was planned, RFC 3339 in UTC."},
			"submit_time":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the run was submitted, RFC 3339 in UTC."},
			"start_time":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the run started, RFC 3339 in UTC."},
			"end_time":       schema.StringAttribute{Computed: true, MarkdownDescription: "When the run ended, RFC 3339 in UTC; null while it runs."},
			"duration_ms":    schema.Int64Attribute{Computed: true, MarkdownDescription: "How long the run has taken, in milliseconds (`executeTime`)."},
			"instance_type":  schema.Int64Attribute{Computed: true, MarkdownDescription: "The type of the run: `0` scheduled, `2` manual, `5` backfill, `6` sub-job schedule, `7` one-time schedule."},
			"version":        schema.Int64Attribute{Computed: true, MarkdownDescription: "The version of the job that ran."},
			"force_success":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run was forced to success."},
			"ignore_success": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run's failure was ignored."},
			"error_message":  schema.StringAttribute{Computed: true, MarkdownDescription: "Why the run failed."},
			"done":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: a success or failure status, or `skip-by-depend`."},
			"succeeded":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run succeeded: `success`, `forceSuccess` or `ignoreSuccess`."},
		}},
	}
}

// instanceObjectType is the type of a run object, from the schema.
var instanceObjectType = convert.ObjectType(instancesAttribute())

type jobInstancesModel struct {
	wait.ListArguments
	ID           types.String `tfsdk:"id"`
	WorkspaceID  types.String `tfsdk:"workspace_id"`
	JobName      types.String `tfsdk:"job_name"`
	ExactName    types.Bool   `tfsdk:"exact_name"`
	Status       types.String `tfsdk:"status"`
	InstanceType types.Int64  `tfsdk:"instance_type"`
	MinPlanTime  types.String `tfsdk:"min_plan_time"`
	MaxPlanTime  types.String `tfsdk:"max_plan_time"`
	Total        types.Int64  `tfsdk:"total"`
	Instances    types.List   `tfsdk:"instances"`
}

func (d *jobInstancesDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *jobInstancesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects a plan-time window that the API would refuse:
// reversed or wider than 7 days. Unknown or unset bounds are left to the
// API (its default window is today so far).
func (d *jobInstancesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var minTime, maxTime types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("min_plan_time"), &minTime)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("max_plan_time"), &maxTime)...)
	if resp.Diagnostics.HasError() || minTime.IsNull() || minTime.IsUnknown() || maxTime.IsNull() || maxTime.IsUnknown() {
		return
	}
	from, errFrom := time.Parse(time.RFC3339Nano, minTime.ValueString())
	to, errTo := time.Parse(time.RFC3339Nano, maxTime.ValueString())
	if errFrom != nil || errTo != nil {
		return // the attributes' validators say so
	}
	switch {
	case to.Before(from):
		resp.Diagnostics.AddAttributeError(path.Root("max_plan_time"), "Invalid Plan-Time Window",
			fmt.Sprintf("max_plan_time (%s) is before min_plan_time (%s). Swap them.", maxTime.ValueString(), minTime.ValueString()))
	case to.Sub(from) > maxPlanWindow:
		resp.Diagnostics.AddAttributeError(path.Root("max_plan_time"), "Invalid Plan-Time Window",
			fmt.Sprintf("The window from min_plan_time (%s) to max_plan_time (%s) spans %s; the API accepts at most 7 days. "+
				"Narrow it, or read several windows with several data sources.",
				minTime.ValueString(), maxTime.ValueString(), to.Sub(from)))
	}
}

func (d *jobInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name.
func (d *jobInstancesDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	var m jobInstancesModel
	diags := config.Get(ctx, &m)
	if diags.HasError() {
		return nil, diags
	}
	instances := d.read(ctx, &m, &diags)
	return map[string]attr.Value{"id": m.ID, "total": m.Total, "instances": instances}, diags
}

// read lists the runs that the arguments in m select, waiting when they ask
// for it: it sets id and total in m and returns the instances attribute,
// whose objects are built as it is written.
func (d *jobInstancesDataSource) read(ctx context.Context, m *jobInstancesModel, diags *diag.Diagnostics) tfwire.ObjectList {
	q := instanceQuery{
		WorkspaceID: m.WorkspaceID.ValueString(), JobName: m.JobName.ValueString(),
		ExactName: m.ExactName.ValueBool(), Status: m.Status.ValueString(),
		InstanceType: m.InstanceType.ValueInt64Pointer(),
	}
	// The validators have checked the times.
	q.MinPlanTime, _ = parseOptionalTime(m.MinPlanTime)
	q.MaxPlanTime, _ = parseOptionalTime(m.MaxPlanTime)

	subject := "the DataArts Factory job instance list"
	if q.WorkspaceID != "" {
		subject += " of workspace " + q.WorkspaceID
	}
	paged, d2 := wait.ReadList(ctx, m.ListArguments, wait.List(wait.ListedJobs[client.Paged[instance], instance]{
		Subject: subject,
		Service: client.DLF,
		Poll:    func(ctx context.Context) (client.Paged[instance], error) { return listInstances(ctx, d.client, q) },
		Jobs:    func(p client.Paged[instance]) []instance { return p.Items },
		ID:      func(in instance) string { return in.InstanceID.String() },
		Name: func(in instance) string {
			return "DataArts Factory job " + convert.Deref(in.JobName) + " run " + in.InstanceID.String()
		},
		Status:  func(in instance) string { return in.status() },
		Reason:  func(in instance) string { return strings.TrimSpace(convert.Deref(in.ErrorMessage)) },
		Classes: instanceStatuses,
	}))
	diags.Append(d2...)
	if diags.HasError() {
		return tfwire.ObjectList{}
	}
	if paged.Warning != "" {
		diags.AddWarning("Incomplete Job Instance List", fmt.Sprintf("Reading %s: %s", subject, paged.Warning))
	}
	convert.WarnOddTimes(diags, paged.Items)

	instanceType := ""
	if q.InstanceType != nil {
		instanceType = strconv.FormatInt(*q.InstanceType, 10)
	}
	m.ID = types.StringValue(convert.ListID(q.WorkspaceID, q.JobName, strconv.FormatBool(q.ExactName), q.Status, instanceType,
		m.MinPlanTime.ValueString(), m.MaxPlanTime.ValueString()))
	m.Total = types.Int64Value(int64(len(paged.Items)))
	return instanceList(paged.Items)
}

// parseOptionalTime is the time of an RFC 3339 argument, zero when unset.
func parseOptionalTime(v types.String) (time.Time, error) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, v.ValueString())
}

// instanceList is the instances attribute, its objects built only as the
// list is written (see tfwire.ObjectList).
func instanceList(instances []instance) tfwire.ObjectList {
	return tfwire.ObjectsOf(instanceObjectType, instances, instanceAttrValues)
}

func instanceAttrValues(in instance) map[string]attr.Value {
	return map[string]attr.Value{
		"id":             in.InstanceID.Value(),
		"job_name":       types.StringPointerValue(in.JobName),
		"job_id":         in.JobID.Value(),
		"name":           types.StringPointerValue(in.JobInstanceName),
		"status":         types.StringPointerValue(in.Status),
		"plan_time":      in.PlanTime.Value(),
		"submit_time":    in.SubmitTime.Value(),
		"start_time":     in.StartTime.Value(),
		"end_time":       in.EndTime.Value(),
		"duration_ms":    in.ExecuteTime.Value(),
		"instance_type":  in.InstanceType.Value(),
		"version":        in.Version.Value(),
		"force_success":  in.ForceSuccess.Value(),
		"ignore_success": in.IgnoreSuccess.Value(),
		"error_message":  types.StringPointerValue(in.ErrorMessage),
		"done":           types.BoolValue(instanceStatuses.Done(in.status())),
		"succeeded":      types.BoolValue(instanceStatuses.Succeeded(in.status())),
	}
}
