// Package provider is a stand-in for a provider of your own: one resource,
// example_release, that must only be created once a deployment job has
// succeeded. Its acceptance tests (provider_test.go) wait for the job with
// hwcjobs, against the hwcjobs emulator, offline.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// New is the provider.
func New() provider.Provider { return &exampleProvider{} }

type exampleProvider struct{}

func (p *exampleProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "example"
}

func (p *exampleProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *exampleProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *exampleProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &release{} }}
}

func (p *exampleProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// release records which deployment job it was released after.
type release struct{}

type releaseModel struct {
	ID          types.String `tfsdk:"id"`
	DeployJobID types.String `tfsdk:"deploy_job_id"`
}

func (r *release) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_release"
}

func (r *release) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A release made after a deployment job.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: "The release's id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"deploy_job_id": schema.StringAttribute{
				Required: true, Description: "The deployment job it follows.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *release) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m releaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue("release-after-" + m.DeployJobID.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *release) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *release) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m releaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *release) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
