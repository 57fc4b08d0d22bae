package cce

import (
	"context"
	"strings"

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

// NewJobsDataSource is hwcjobs_cce_jobs.
func NewJobsDataSource() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct{ client *client.Client }

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cce_jobs"
}

func (d *jobsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the CCE jobs of the project with their sub-jobs (`GET /api/v2/projects/{project_id}/jobs`), " +
			"and can wait until none of them is pending. The filters apply to the listed jobs, not to their sub-jobs.",
		Attributes: wait.AddListAttributes(ctx, map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "A digest of the arguments."},
			"cluster_id": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs of this cluster.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs of this type, such as `ScaleupCluster`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs with this status (case-insensitive), such as `Failed`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"resource_id": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only jobs on this resource, such as a node.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"jobs": jobsAttribute(),
		}),
	}
}

func jobsAttribute() schema.ListNestedAttribute {
	attrs := jobAttributes()
	attrs["sub_jobs"] = subJobsAttribute()
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The jobs, in the API's order.",
		NestedObject: schema.NestedAttributeObject{Attributes: attrs},
	}
}

func subJobsAttribute() schema.ListNestedAttribute {
	attrs := jobAttributes()
	attrs["parent_id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the job's direct parent: a listed job or another sub-job."}
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "Every descendant of the job, however deeply nested, flattened in depth-first order: " +
			"each sub-job comes right after its parent and before the parent's next sub-job.",
		NestedObject: schema.NestedAttributeObject{Attributes: attrs},
	}
}

// The types of job and sub-job objects, from the schema.
var (
	jobObjectType    = convert.ObjectType(jobsAttribute())
	subJobObjectType = convert.ObjectType(subJobsAttribute())
)

// jobAttributes are the attributes of a job and of a sub-job.
func jobAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The job ID (`metadata.uid`)."},
		"kind":          schema.StringAttribute{Computed: true, MarkdownDescription: "The API type, `Job`."},
		"api_version":   schema.StringAttribute{Computed: true, MarkdownDescription: "The API version, such as `v2`."},
		"type":          schema.StringAttribute{Computed: true, MarkdownDescription: "The job type, such as `CreateCluster` or `ScaleupCluster`."},
		"cluster_id":    schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the cluster the job belongs to (`spec.clusteruid`)."},
		"resource_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the resource the job works on."},
		"resource_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the resource the job works on."},
		"extend_params": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The job's extended parameters, such as `orderID` (`spec.extendparam`)."},
		"status":        schema.StringAttribute{Computed: true, MarkdownDescription: "The job status, such as `Running`, `Success` or `Failed`."},
		"reason":        schema.StringAttribute{Computed: true, MarkdownDescription: "Why the job failed."},
		"created_at":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the job was created, RFC 3339 in UTC."},
		"updated_at":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the job was last updated, RFC 3339 in UTC."},
		"completed_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the job completed, RFC 3339 in UTC; null while it runs."},
		"done":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the status is terminal: `Success` or `Failed`."},
		"succeeded":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job succeeded (status `Success`)."},
	}
}

type jobsModel struct {
	ID         types.String `tfsdk:"id"`
	ClusterID  types.String `tfsdk:"cluster_id"`
	Type       types.String `tfsdk:"type"`
	Status     types.String `tfsdk:"status"`
	ResourceID types.String `tfsdk:"resource_id"`
	Jobs       types.List   `tfsdk:"jobs"`
	wait.ListArguments
}

func (d *jobsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return wait.ConfigValidators()
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
	return map[string]attr.Value{"id": m.ID, "jobs": jobs}, diags
}

// read lists (or waits on) the jobs that the arguments in m select: it sets
// id in m and returns the jobs attribute, whose objects are built as it is
// written.
func (d *jobsDataSource) read(ctx context.Context, m *jobsModel, diags *diag.Diagnostics) tfwire.ObjectList {
	matched, readDiags := wait.ReadList(ctx, m.ListArguments, wait.List(wait.ListedJobs[[]*job, *job]{
		Subject: "the CCE job list",
		Service: client.CCE,
		Poll: func(ctx context.Context) ([]*job, error) {
			jobs, err := listJobs(ctx, d.client)
			matched := make([]*job, 0, len(jobs))
			for i := range jobs {
				if m.matches(&jobs[i]) {
					matched = append(matched, &jobs[i])
				}
			}
			return matched, err
		},
		Jobs:    func(jobs []*job) []*job { return jobs },
		ID:      func(j *job) string { return convert.Deref(j.Metadata.UID) },
		Name:    jobName,
		Status:  func(j *job) string { return j.status() },
		Reason:  failureText,
		Classes: statuses,
	}))
	diags.Append(readDiags...)
	if diags.HasError() {
		return tfwire.ObjectList{}
	}
	convert.WarnOddTimes(diags, matched)
	m.ID = types.StringValue(convert.ListID(m.ClusterID.ValueString(), m.Type.ValueString(),
		m.Status.ValueString(), m.ResourceID.ValueString()))
	return jobList(matched)
}

// jobName names a job in messages: "CCE ScaleupCluster job e43c6f3b-...".
func jobName(j *job) string {
	if t := convert.Deref(j.Spec.Type); t != "" {
		return "CCE " + t + " job " + convert.Deref(j.Metadata.UID)
	}
	return "CCE job " + convert.Deref(j.Metadata.UID)
}

// matches applies the filters: exact, but case-insensitive for the status; an
// unset filter matches everything.
func (m jobsModel) matches(j *job) bool {
	return (m.ClusterID.IsNull() || m.ClusterID.ValueString() == convert.Deref(j.Spec.ClusterUID)) &&
		(m.Type.IsNull() || m.Type.ValueString() == convert.Deref(j.Spec.Type)) &&
		(m.Status.IsNull() || strings.EqualFold(m.Status.ValueString(), j.status())) &&
		(m.ResourceID.IsNull() || m.ResourceID.ValueString() == convert.Deref(j.Spec.ResourceID))
}

// jobList is the jobs attribute: its objects are built from their
// attribute values, not through the framework's reflection, which costs
// seconds for thousands of jobs (hashicorp/terraform-plugin-framework#725),
// and only as the list is written (see tfwire.ObjectList).
func jobList(jobs []*job) tfwire.ObjectList {
	return tfwire.ObjectList{Elem: jobObjectType, Len: len(jobs), Attributes: func(i int, diags *diag.Diagnostics) map[string]attr.Value {
		attrs := jobAttrValues(jobs[i], diags)
		attrs["sub_jobs"] = subJobList(jobs[i])
		return attrs
	}}
}

// subJobList is the sub_jobs attribute of j: every descendant, in
// depth-first order; an empty list when there are none. It is built as it
// is written (see jobList).
func subJobList(j *job) tfwire.ObjectList {
	subJobs := descendants(j)
	return tfwire.ObjectList{Elem: subJobObjectType, Len: len(subJobs), Attributes: func(i int, diags *diag.Diagnostics) map[string]attr.Value {
		attrs := jobAttrValues(subJobs[i].job, diags)
		attrs["parent_id"] = types.StringPointerValue(subJobs[i].parent.Metadata.UID)
		return attrs
	}}
}

// jobAttrValues are the attributes that jobs and sub-jobs share.
func jobAttrValues(j *job, diags *diag.Diagnostics) map[string]attr.Value {
	return map[string]attr.Value{
		"id":            types.StringPointerValue(j.Metadata.UID),
		"kind":          types.StringPointerValue(j.Kind),
		"api_version":   types.StringPointerValue(j.APIVersion),
		"type":          types.StringPointerValue(j.Spec.Type),
		"cluster_id":    types.StringPointerValue(j.Spec.ClusterUID),
		"resource_id":   types.StringPointerValue(j.Spec.ResourceID),
		"resource_name": types.StringPointerValue(j.Spec.ResourceName),
		"extend_params": j.Spec.ExtendParam.value(diags),
		"status":        types.StringPointerValue(j.Status.current()),
		"reason":        types.StringPointerValue(j.Status.Reason),
		"created_at":    j.Metadata.CreationTimestamp.Value(),
		"updated_at":    j.Metadata.UpdateTimestamp.Value(),
		"completed_at":  j.Status.CompletionTime.Value(),
		"done":          types.BoolValue(statuses.Done(j.status())),
		"succeeded":     types.BoolValue(statuses.Succeeded(j.status())),
	}
}
