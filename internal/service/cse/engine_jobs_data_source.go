package cse

import (
	"context"
	"fmt"
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

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/validate"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// NewEngineJobsDataSource is hwcjobs_cse_engine_jobs.
func NewEngineJobsDataSource() datasource.DataSource { return &engineJobsDataSource{} }

type engineJobsDataSource struct{ client *client.Client }

func (d *engineJobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cse_engine_jobs"
}

func (d *engineJobsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the jobs of a CSE exclusive microservice engine, every page of them " +
			"(`GET /v2/{project_id}/enginemgr/engines/{engine_id}/jobs`), and can wait until none of them is pending.",
		Attributes: wait.AddListAttributes(ctx, map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "A digest of the arguments."},
			"engine_id": schema.StringAttribute{
				Required: true, MarkdownDescription: "The ID of the engine.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"from_time": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs from this time on, RFC 3339 (sent as `from-time` in epoch milliseconds).",
				Validators: []validator.String{validate.RFC3339()},
			},
			"to_time": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs up to this time, RFC 3339 (sent as `to-time` in epoch milliseconds).",
				Validators: []validator.String{validate.RFC3339()},
			},
			"status": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs with this status (case-insensitive), such as `Error`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs of this type (case-insensitive), such as `Create`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of jobs in `jobs`."},
			"jobs":  listedJobsAttribute(),
		}),
	}
}

func listedJobsAttribute() schema.ListNestedAttribute {
	attrs := jobAttributes()
	attrs["engine_id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the engine the job belongs to."}
	attrs["tasks"] = taskAttributes()
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The jobs, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: attrs},
	}
}

// listedJobObjectType is the type of a job object, from the schema.
var listedJobObjectType = convert.ObjectType(listedJobsAttribute())

type engineJobsModel struct {
	ID       types.String `tfsdk:"id"`
	EngineID types.String `tfsdk:"engine_id"`
	FromTime types.String `tfsdk:"from_time"`
	ToTime   types.String `tfsdk:"to_time"`
	Status   types.String `tfsdk:"status"`
	Type     types.String `tfsdk:"type"`
	Total    types.Int64  `tfsdk:"total"`
	Jobs     types.List   `tfsdk:"jobs"`
	wait.ListArguments
}

// matchedJobs are the jobs of one listing that match the filters.
type matchedJobs struct {
	jobs    []listedJob
	warning string
}

func (d *engineJobsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
}

func (d *engineJobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = client.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *engineJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	tfwire.Read(ctx, d.ReadComputed, req, resp)
}

// ReadComputed is Read for the provider's server, which writes the state
// itself: the computed attributes by name.
func (d *engineJobsDataSource) ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics) {
	var m engineJobsModel
	diags := config.Get(ctx, &m)
	if diags.HasError() {
		return nil, diags
	}
	jobs := d.read(ctx, &m, &diags)
	return map[string]attr.Value{"id": m.ID, "total": m.Total, "jobs": jobs}, diags
}

// read lists (or waits on) the jobs that the arguments in m select: it sets
// id and total in m and returns the jobs attribute, whose objects are built
// as it is written.
func (d *engineJobsDataSource) read(ctx context.Context, m *engineJobsModel, diags *diag.Diagnostics) tfwire.ObjectList {
	engineID := m.EngineID.ValueString()
	listed, readDiags := wait.ReadList(ctx, m.ListArguments, wait.List(wait.ListedJobs[matchedJobs, listedJob]{
		Subject: "the job list of CSE engine " + engineID,
		Service: client.CSE,
		Poll: func(ctx context.Context) (matchedJobs, error) {
			paged, err := listJobs(ctx, d.client, engineID, epochMillis(m.FromTime), epochMillis(m.ToTime))
			matched := make([]listedJob, 0, len(paged.Items))
			for _, j := range paged.Items {
				if matches(m.Status, j.status()) && matches(m.Type, convert.Deref(j.Type)) {
					matched = append(matched, j)
				}
			}
			return matchedJobs{jobs: matched, warning: paged.Warning}, err
		},
		Jobs:    func(l matchedJobs) []listedJob { return l.jobs },
		ID:      func(j listedJob) string { return j.ID.String() },
		Name:    func(j listedJob) string { return "CSE engine job " + j.ID.String() },
		Status:  func(j listedJob) string { return j.status() },
		Reason:  func(j listedJob) string { return failureText(j.Tasks) },
		Classes: statuses,
	}))
	diags.Append(readDiags...)
	if diags.HasError() {
		return tfwire.ObjectList{}
	}
	if listed.warning != "" {
		diags.AddWarning("Incomplete Job List", fmt.Sprintf("CSE engine %s: %s", engineID, listed.warning))
	}

	matched := listed.jobs
	convert.WarnOddTimes(diags, matched)
	m.ID = types.StringValue(convert.ListID(engineID, m.FromTime.ValueString(), m.ToTime.ValueString(),
		m.Status.ValueString(), m.Type.ValueString()))
	m.Total = types.Int64Value(int64(len(matched)))
	return jobList(matched)
}

// jobList is the jobs attribute: its objects are built from their
// attribute values, not through the framework's reflection, which costs
// seconds for thousands of jobs (hashicorp/terraform-plugin-framework#725),
// and only as the list is written (see tfwire.ObjectList).
func jobList(jobs []listedJob) tfwire.ObjectList {
	return tfwire.ObjectsOf(listedJobObjectType, jobs, func(j listedJob) map[string]attr.Value {
		attrs := newJobModel(j.job).attrValues()
		attrs["tasks"] = taskList(j.Tasks)
		return attrs
	})
}

// matches is a filter: an unset filter matches everything.
func matches(filter types.String, value string) bool {
	return filter.IsNull() || strings.EqualFold(filter.ValueString(), value)
}

// epochMillis converts a validated RFC 3339 argument; 0 when unset.
func epochMillis(v types.String) int64 {
	t, err := time.Parse(time.RFC3339Nano, v.ValueString())
	if err != nil {
		return 0
	}
	return t.UnixMilli()
}
