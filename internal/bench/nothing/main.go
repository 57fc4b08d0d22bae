// Command nothing is the do-nothing provider of make bench: the hwcjobs
// provider's own schemas, provider block and data sources, with their
// validators, but a Configure that does nothing and reads that send no
// request. A read answers with its configuration, every unset string,
// number and bool filled with its zero value, the least a provider of this
// shape can do to answer. Planning the same configuration against it and
// against the real provider shows what the provider itself adds to a plan
// (scripts/bench.sh).
package main

import (
	"context"
	"log"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	hwcjobs "github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider {
		return nothingProvider{real: hwcjobs.New("nothing")()}
	}, providerserver.ServeOpts{Address: "registry.terraform.io/hwcjobs/hwcjobs"})
	if err != nil {
		log.Fatal(err)
	}
}

type nothingProvider struct{ real provider.Provider }

func (p nothingProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p nothingProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (nothingProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (nothingProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p nothingProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, f := range p.real.DataSources(ctx) {
		out = append(out, func() datasource.DataSource { return nothingDataSource{real: f()} })
	}
	return out
}

type nothingDataSource struct{ real datasource.DataSource }

func (d nothingDataSource) Metadata(ctx context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	d.real.Metadata(ctx, req, resp)
}

func (d nothingDataSource) Schema(ctx context.Context, req datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	d.real.Schema(ctx, req, resp)
}

// ConfigValidators and ValidateConfig run the real data source's, so that
// validation costs what it costs with the real provider.
func (d nothingDataSource) ConfigValidators(ctx context.Context) []datasource.ConfigValidator {
	if v, ok := d.real.(datasource.DataSourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (d nothingDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	if v, ok := d.real.(datasource.DataSourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (nothingDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, err := tftypes.Transform(req.Config.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsNull() {
			return v, nil
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, ""), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, new(big.Float)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		}
		return v, nil
	})
	if err != nil {
		resp.Diagnostics.AddError("Do-Nothing Read Failed", err.Error())
		return
	}
	resp.State.Raw = state
}
