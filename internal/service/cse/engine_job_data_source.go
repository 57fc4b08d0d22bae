package cse

import (
	"context"
	"fmt"

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
	attrs["phases"] = phaseAttributes()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one job of a CSE exclusive microservice engine " +
			"(`GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs/{job_id}`), and can wait until it has finished. " +
			"A failed wait shows the failed tasks' logs.",
		Attributes: wait.AddAttributes(ctx, attrs),
	}
}

func phaseAttributes() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
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
}

// phaseObjectType is the type of a phase object, from the schema.
var phaseObjectType = convert.ObjectType(phaseAttributes())

// phaseModel is a phase's attributes, from which its object is built
// (attrValues).
type phaseModel struct {
	Name        types.String
	TaskNames   []string // nil: null
	Status      types.String
	StartTime   types.String
	EndTime     types.String
	DurationMs  types.Int64
	Description types.String
	Tasks       types.List
}

func (d *engineJobDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *engineJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *engineJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name. The arguments are read one by
// one (tfwire.Arguments) and the attributes built as values, without the
// framework's reflection over a model struct
// (hashicorp/terraform-plugin-framework#725).
func (d *engineJobDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	raw, diags := tfwire.ArgumentsOf(config)
	if diags.HasError() {
		return nil, diags
	}
	engineID, jobID := raw.String("engine_id").ValueString(), raw.String("job_id").ValueString()
	a := wait.ArgumentsOf(raw)
	j, found, waitDiags := wait.Read(ctx, &a, wait.Single(wait.SingleJob[shownJob]{
		Subject: fmt.Sprintf("CSE engine job %s of engine %s", jobID, engineID),
		Service: client.CSE,
		Poll:    func(ctx context.Context) (shownJob, error) { return showJob(ctx, d.client, engineID, jobID) },
		Status:  func(j shownJob) string { return j.status() },
		Reason:  func(j shownJob) string { return failureText(j.allTasks()) },
		Classes: statuses,
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

	computed := newJobModel(j.job).attrValues()
	// engine_id is an argument: it stays as configured whatever the API echoes.
	delete(computed, "engine_id")
	if computed["id"].IsNull() {
		computed["id"] = types.StringValue(jobID)
	}
	phases := newPhaseModels(j.Phases, &diags)
	if diags.HasError() {
		return nil, diags
	}
	computed["phases"] = phaseList(phases)
	computed["found"] = a.Found
	return computed, diags
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

// phaseList is the phases attribute, an empty list when there are none.
func phaseList(phases []phaseModel) tfwire.ObjectList {
	return tfwire.ObjectsOf(phaseObjectType, phases, phaseModel.attrValues)
}

// attrValues are the phase's attributes by name.
func (p phaseModel) attrValues() map[string]attr.Value {
	taskNames := types.ListNull(types.StringType)
	if p.TaskNames != nil {
		names := make([]attr.Value, len(p.TaskNames))
		for i, name := range p.TaskNames {
			names[i] = types.StringValue(name)
		}
		taskNames = types.ListValueMust(types.StringType, names)
	}
	return map[string]attr.Value{
		"name":        p.Name,
		"task_names":  taskNames,
		"status":      p.Status,
		"start_time":  p.StartTime,
		"end_time":    p.EndTime,
		"duration_ms": p.DurationMs,
		"description": p.Description,
		"tasks":       p.Tasks,
	}
}

// allTasks are the tasks of every phase.
func (j shownJob) allTasks() []task {
	var all []task
	for _, p := range j.Phases {
		all = append(all, p.Tasks...)
	}
	return all
}
