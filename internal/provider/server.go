package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
)

// computedReader is a data source whose reads the server answers itself, at
// the protocol level: ReadComputed does what its Read does (waits, timeouts,
// warnings and errors included) but returns the computed attributes by name
// instead of setting the state; the arguments stay as configured. Every data
// source is such a reader: the framework's conversion of a state of 10,000
// jobs costs several times the read (see package tfwire), and its read path
// was most of the CPU of a single-job read (CONTRIBUTING.md, "Where a
// single-job read goes").
type computedReader interface {
	datasource.DataSourceWithConfigure
	ReadComputed(ctx context.Context, config tfsdk.Config) (map[string]attr.Value, diag.Diagnostics)
}

// NewServer returns the factory of the provider's protocol server: the
// framework's, whose ReadDataSource answers the reads of the computed
// readers itself. Validation, planning, schemas and every other read stay
// the framework's, from the same schemas.
func NewServer(version string, opts ...Option) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &hwcjobsProvider{version: version, opts: opts}
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		full, ok := framework.(frameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server (%T) lacks an optional protocol interface that the provider forwards", framework)
		}
		return &server{frameworkServer: full, provider: p}, nil
	}
}

// frameworkServer is the ProviderServer with the optional interfaces that
// tf6server finds on a server by type assertion (list resources, actions,
// state stores) and that the framework's server implements. Embedding only
// ProviderServer would hide them: Terraform would then be told that the
// provider has none, whatever the framework offers. TestServerForwards
// fails when the framework implements one that is not here.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type server struct {
	frameworkServer
	provider *hwcjobsProvider

	once    sync.Once
	readers map[string]readerInfo // by data source type name
}

type readerInfo struct {
	new    func() computedReader
	schema tfsdk.Config // Schema only
	typ    tftypes.Object
}

// ReadDataSource answers the read of a computed reader, once the provider
// is configured; the framework answers every other.
func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	s.once.Do(func() { s.readers = s.provider.computedReaders(ctx) })
	info, ok := s.readers[req.TypeName]
	c := s.provider.client.Load()
	if !ok || c == nil || req.Config == nil {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	raw, err := req.Config.Unmarshal(info.typ)
	if err != nil || !raw.IsFullyKnown() {
		// The framework reports what is wrong with it.
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	var diags diag.Diagnostics
	ds := info.new()
	var configured datasource.ConfigureResponse
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: c}, &configured)
	diags.Append(configured.Diagnostics...)
	resp := &tfprotov6.ReadDataSourceResponse{}
	if !diags.HasError() {
		config := info.schema
		config.Raw = raw
		computed, d := ds.ReadComputed(ctx, config)
		diags.Append(d...)
		if !diags.HasError() {
			var warnings diag.Diagnostics
			resp.State, warnings, err = tfwire.State(ctx, info.typ, raw, computed)
			diags.Append(warnings...)
			if err != nil {
				diags.AddError("Provider Bug", "Writing the state of "+req.TypeName+" failed: "+err.Error()+
					". This is a bug in the provider, please report it.")
				resp.State = nil
			}
		}
	}
	resp.Diagnostics = protoDiagnostics(diags)
	return resp, nil
}

// computedReaders are the data sources that are computed readers, by type
// name, with their schemas.
func (p *hwcjobsProvider) computedReaders(ctx context.Context) map[string]readerInfo {
	readers := map[string]readerInfo{}
	for _, newDS := range p.DataSources(ctx) {
		reader, ok := newDS().(computedReader)
		if !ok {
			continue
		}
		var meta datasource.MetadataResponse
		reader.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hwcjobs"}, &meta)
		var sch datasource.SchemaResponse
		reader.Schema(ctx, datasource.SchemaRequest{}, &sch)
		typ, ok := sch.Schema.Type().TerraformType(ctx).(tftypes.Object)
		if sch.Diagnostics.HasError() || !ok {
			continue
		}
		readers[meta.TypeName] = readerInfo{
			new: func() computedReader {
				r, _ := newDS().(computedReader)
				return r
			},
			schema: tfsdk.Config{Schema: sch.Schema},
			typ:    typ,
		}
	}
	return readers
}

// protoDiagnostics are diagnostics as the protocol carries them.
func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is a framework path as the protocol carries it.
func attributePath(p path.Path) *tftypes.AttributePath {
	if len(p.Steps()) == 0 {
		return nil
	}
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(step)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(step)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(step)))
		case path.PathStepElementKeyValue:
			v, err := step.ToTerraformValue(context.Background())
			if err != nil {
				return tftypes.NewAttributePathWithSteps(steps)
			}
			steps = append(steps, tftypes.ElementKeyValue(v))
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
