package dlf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewJobInstanceDataSource is hwcjobs_dataarts_factory_job_instance.
func NewJobInstanceDataSource() datasource.DataSource { return &jobInstanceDataSource{now: time.Now} }

type jobInstanceDataSource struct {
	client *client.Client
	now    func() time.Time // the end of the window in which the latest run is looked for
}

func (d *jobInstanceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dataarts_factory_job_instance"
}

func (d *jobInstanceDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"workspace_id": workspaceIDAttribute(),
		"job_name": schema.StringAttribute{
			Required: true, MarkdownDescription: "The name of the job.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"instance_id": schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "The ID of the run to read. When unset, the job's latest run: the one with the latest plan time " +
				"in the last 7 days, which a wait then keeps to; it is an error when the job has no run in that window.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the run (`instanceId`)."},
		"status":         schema.StringAttribute{Computed: true, MarkdownDescription: "The status of the run: `waiting`, `running`, `success`, `fail`, `running-exception`, `pause`, `manual-stop`, `skip-by-depend`, ..."},
		"plan_time":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the run was planned, RFC 3339 in UTC."},
		"start_time":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the run started, RFC 3339 in UTC."},
		"end_time":       schema.StringAttribute{Computed: true, MarkdownDescription: "When the run ended, RFC 3339 in UTC; null while it runs."},
		"duration_ms":    schema.Int64Attribute{Computed: true, MarkdownDescription: "How long the run has taken, in milliseconds (`executeTime`)."},
		"instance_type":  schema.Int64Attribute{Computed: true, MarkdownDescription: "The type of the run: `0` scheduled, `2` manual, `5` backfill, `6` sub-job schedule, `7` one-time schedule."},
		"force_success":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run was forced to success."},
		"ignore_success": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run's failure was ignored."},
		"done":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: a success or failure status, or `skip-by-depend`."},
		"succeeded":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the run succeeded: `success`, `forceSuccess` or `ignoreSuccess`."},
		"nodes":          nodesAttribute(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one run (job instance) of a DataArts Studio DataArts Factory (DLF) job with its node instances " +
			"(`GET /v1/{project_id}/jobs/{job_name}/instances/{instance_id}`), by default the job's latest run, " +
			"and can wait until it has finished. A failed wait names the failed nodes with their logs.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

func nodesAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The node instances of the run, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the node (`nodeName`)."},
			"type":            schema.StringAttribute{Computed: true, MarkdownDescription: "The type of the node, such as `HiveSQL`, `DLISQL`, `CDMJob` or `Shell`."},
			"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "The status of the node: `waiting`, `running`, `success`, `fail`, `skip`, `pause` or `manual-stop`."},
			"queue":           schema.StringAttribute{Computed: true, MarkdownDescription: "The DLI queue of a DLI node."},
			"plan_time":       schema.StringAttribute{Computed: true, MarkdownDescription: "When the node was planned, RFC 3339 in UTC."},
			"start_time":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the node started, RFC 3339 in UTC."},
			"end_time":        schema.StringAttribute{Computed: true, MarkdownDescription: "When the node ended, RFC 3339 in UTC."},
			"retry_times":     schema.Int64Attribute{Computed: true, MarkdownDescription: "How many times the node was retried."},
			"input_row_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of rows the node wrote."},
			"speed":           schema.Float64Attribute{Computed: true, MarkdownDescription: "The node's speed in rows per second."},
			"log_path":        schema.StringAttribute{Computed: true, MarkdownDescription: "The OBS path of the node's log."},
			"done":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: `success`, `fail`, `manual-stop` or `skip`."},
			"succeeded":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the node succeeded (status `success`)."},
		}},
	}
}

// nodeObjectType is the type of a node object, from the schema.
var nodeObjectType = convert.ObjectType(nodesAttribute())

// jobInstanceArguments are the arguments. ReadComputed reads them, and
// returns the computed attributes, attribute by attribute (package tfwire),
// without the framework's reflection over a model struct (a regular
// expression compiled per field and read,
// hashicorp/terraform-plugin-framework#725) and its state machinery.
type jobInstanceArguments struct {
	wait.Arguments
	WorkspaceID types.String
	JobName     types.String
	InstanceID  types.String
}

// readJobInstanceArguments reads the arguments of the configuration.
func readJobInstanceArguments(config tfsdk.Config) (jobInstanceArguments, diag.Diagnostics) {
	var a jobInstanceArguments
	raw, diags := tfwire.ArgumentsOf(config)
	if diags.HasError() {
		return a, diags
	}
	a.WorkspaceID, a.JobName, a.InstanceID = raw.String("workspace_id"), raw.String("job_name"), raw.String("instance_id")
	a.Arguments = wait.ArgumentsOf(raw)
	return a, diags
}

func (d *jobInstanceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *jobInstanceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// runReader reads one run of a job: the one configured, or else the latest,
// picked at the first poll and kept for the polls after it.
type runReader struct {
	d                    *jobInstanceDataSource
	workspaceID, jobName string
	instanceID           string    // the run read; "" until the latest is picked
	latest               bool      // instanceID was picked from the list
	listed               *instance // the picked run as the list gave it
}

func (r *runReader) poll(ctx context.Context) (instanceDetail, error) {
	if r.instanceID == "" {
		now := r.d.now()
		in, err := latestInstance(ctx, r.d.client, r.workspaceID, r.jobName, now)
		if errors.Is(err, errNoRun) {
			return instanceDetail{}, fmt.Errorf("%w: the job has no run planned in the last 7 days (%s to %s); "+
				"set instance_id to read an older run", wait.ErrNotFound,
				convert.FormatTime(now.Add(-maxPlanWindow)), convert.FormatTime(now))
		}
		if err != nil {
			return instanceDetail{}, err
		}
		r.instanceID, r.listed = in.InstanceID.String(), &in
		tflog.Info(ctx, "Picked the latest run of the DataArts Factory job", map[string]any{
			"job": r.jobName, "instance_id": r.instanceID, "plan_time": convert.FormatTime(in.PlanTime.Time),
		})
	}
	return showInstance(ctx, r.d.client, r.workspaceID, r.jobName, r.instanceID)
}

// subject names the run in messages.
func (r *runReader) subject() string {
	s := "DataArts Factory job " + r.jobName
	if r.latest {
		s += " (latest run)"
	} else {
		s += " (run " + r.instanceID + ")"
	}
	if r.workspaceID != "" {
		s += " in workspace " + r.workspaceID
	}
	return s
}

// failureText is a failed run's own failure text: its failed nodes, each
// with its type and log path, then the errorMessage the list gave for it;
// the run's id leads when it was picked as the latest.
func (r *runReader) failureText(d instanceDetail) string {
	var parts []string
	for _, n := range d.Nodes {
		if nodeStatuses.Failed(n.status()) {
			parts = append(parts, nodeFailure(n))
		}
	}
	if r.listed != nil {
		if msg := strings.TrimSpace(convert.Deref(r.listed.ErrorMessage)); msg != "" {
			parts = append(parts, msg)
		}
	}
	text := strings.Join(parts, "; ")
	switch {
	case r.latest && text == "":
		return "run " + r.instanceID
	case r.latest:
		return "run " + r.instanceID + ": " + text
	}
	return text
}

// nodeFailure is "node aggregate (DLISQL) failed, log obs://.../aggregate.log".
func nodeFailure(n node) string {
	s := "node " + convert.Deref(n.NodeName)
	if t := convert.Deref(n.Type); t != "" {
		s += " (" + t + ")"
	}
	if strings.EqualFold(n.status(), "fail") {
		s += " failed"
	} else {
		s += " ended with status " + n.status()
	}
	if p := convert.Deref(n.LogPath); p != "" {
		s += ", log " + p
	}
	return s
}

func (d *jobInstanceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name, instance_id among them (the run
// read, the latest when unset).
func (d *jobInstanceDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	a, diags := readJobInstanceArguments(config)
	if diags.HasError() {
		return nil, diags
	}
	r := &runReader{d: d, workspaceID: a.WorkspaceID.ValueString(), jobName: a.JobName.ValueString(),
		instanceID: a.InstanceID.ValueString()}
	r.latest = r.instanceID == ""
	run, found, waitDiags := wait.Read(ctx, &a.Arguments, wait.Single(wait.SingleJob[instanceDetail]{
		Subject: r.subject(),
		Service: client.DLF,
		Poll:    r.poll,
		Status:  func(d instanceDetail) string { return d.status() },
		Reason:  r.failureText,
		Classes: instanceStatuses,
	}))
	diags.Append(waitDiags...)
	if diags.HasError() {
		return nil, diags
	}
	if !found {
		// Every other computed attribute stays null, as the configuration
		// has it, and instance_id as configured.
		return map[string]attr.Value{"found": a.Found}, diags
	}
	convert.WarnOddTimes(&diags, run)

	instanceID := types.StringValue(r.instanceID)
	id := run.InstanceID.Value()
	if id.IsNull() {
		id = instanceID
	}
	return map[string]attr.Value{
		"found":          a.Found,
		"instance_id":    instanceID,
		"id":             id,
		"status":         types.StringPointerValue(run.Status),
		"plan_time":      run.PlanTime.Value(),
		"start_time":     run.StartTime.Value(),
		"end_time":       run.EndTime.Value(),
		"duration_ms":    run.ExecuteTime.Value(),
		"instance_type":  run.InstanceType.Value(),
		"force_success":  run.ForceSuccess.Value(),
		"ignore_success": run.IgnoreSuccess.Value(),
		"done":           types.BoolValue(instanceStatuses.Done(run.status())),
		"succeeded":      types.BoolValue(instanceStatuses.Succeeded(run.status())),
		"nodes":          nodeList(run.Nodes),
	}, diags
}

// nodeList is the nodes attribute, its objects built only as the list is
// written (see tfwire.ObjectList).
func nodeList(nodes []node) tfwire.ObjectList {
	return tfwire.ObjectsOf(nodeObjectType, nodes, nodeAttrValues)
}

func nodeAttrValues(n node) map[string]attr.Value {
	return map[string]attr.Value{
		"name":            types.StringPointerValue(n.NodeName),
		"type":            types.StringPointerValue(n.Type),
		"status":          types.StringPointerValue(n.Status),
		"queue":           types.StringPointerValue(n.Queue),
		"plan_time":       n.PlanTime.Value(),
		"start_time":      n.StartTime.Value(),
		"end_time":        n.EndTime.Value(),
		"retry_times":     n.RetryTimes.Value(),
		"input_row_count": n.InputRowCount.Value(),
		"speed":           speedValue(n.Speed),
		"log_path":        types.StringPointerValue(n.LogPath),
		"done":            types.BoolValue(nodeStatuses.Done(n.status())),
		"succeeded":       types.BoolValue(nodeStatuses.Succeeded(n.status())),
	}
}

// speedValue is the speed as a number, null when absent or not finite.
func speedValue(n *json.Number) types.Float64 {
	if n == nil {
		return types.Float64Null()
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil {
		return types.Float64Null()
	}
	return types.Float64Value(f)
}
