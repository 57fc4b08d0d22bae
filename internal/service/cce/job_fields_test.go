package cce

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
)

// jobFields are the computed attributes of hwcjobs_cce_job but found, as
// a struct, for the tests that read them field by field.
type jobFields struct {
	ID           types.String `tfsdk:"id"`
	Kind         types.String `tfsdk:"kind"`
	APIVersion   types.String `tfsdk:"api_version"`
	Type         types.String `tfsdk:"type"`
	ClusterID    types.String `tfsdk:"cluster_id"`
	ResourceID   types.String `tfsdk:"resource_id"`
	ResourceName types.String `tfsdk:"resource_name"`
	ExtendParams types.Map    `tfsdk:"extend_params"`
	Status       types.String `tfsdk:"status"`
	Reason       types.String `tfsdk:"reason"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
	CompletedAt  types.String `tfsdk:"completed_at"`
	Done         types.Bool   `tfsdk:"done"`
	Succeeded    types.Bool   `tfsdk:"succeeded"`
	SubJobs      types.List   `tfsdk:"sub_jobs"`
}

// newJobFields sets in out the attributes that ReadComputed returns for j,
// sub_jobs built as a list.
func newJobFields(ctx context.Context, j *job, out *jobFields) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := computedValues(j, &diags)
	if diags.HasError() {
		return diags
	}
	subJobs, ok := attrs["sub_jobs"].(tfwire.ObjectList)
	if !ok {
		diags.AddError("sub_jobs", "sub_jobs is not an ObjectList")
		return diags
	}
	var d diag.Diagnostics
	attrs["sub_jobs"], d = subJobs.List(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	object, d := types.ObjectValue(jobObjectType.AttrTypes, attrs)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(object.As(ctx, out, basetypes.ObjectAsOptions{})...)
	return diags
}

// newSubJobList is the sub_jobs attribute of j as a list.
func newSubJobList(j *job, diags *diag.Diagnostics) types.List {
	list, d := subJobList(j).List(context.Background())
	diags.Append(d...)
	return list
}
