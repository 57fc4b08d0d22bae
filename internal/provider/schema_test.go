package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// Every data source has a valid schema in which the data source and every
// attribute, however deeply nested, is documented: the generated docs show
// nothing undescribed.
func TestDataSourceSchemasAreDocumented(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	sources := p.DataSources(ctx)
	if len(sources) != 10 {
		t.Errorf("the provider has %d data sources, want the ten of SPEC.md", len(sources))
	}
	for _, newDataSource := range sources {
		ds := newDataSource()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("%s: %v", md.TypeName, d)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", md.TypeName)
		}
		undocumented(t, md.TypeName+".", resp.Schema.Attributes)
	}
}

func undocumented(t *testing.T, prefix string, attrs map[string]schema.Attribute) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" && a.GetDescription() == "" {
			t.Errorf("%s%s has no description", prefix, name)
		}
		switch nested := a.(type) {
		case schema.ListNestedAttribute:
			undocumented(t, prefix+name+".", nested.NestedObject.Attributes)
		case schema.SingleNestedAttribute:
			undocumented(t, prefix+name+".", nested.Attributes)
		}
	}
}
