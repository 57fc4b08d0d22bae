package jobs

import (
	"context"
	"net/url"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// BenchmarkJobRead is one read of hwcjobs_job through the framework, the
// request to the emulator included: what make bench's 300 reads cost each.
func BenchmarkJobRead(b *testing.B) {
	ctx := context.Background()
	e, base := emulator.Start(b, emulator.Config{})
	if _, err := e.AddFamilyJob(emulator.FamilyJob{Service: "ecs", ID: "bench", Statuses: []string{"SUCCESS"},
		Entities: map[string]any{"server_id": "s"}}); err != nil {
		b.Fatal(err)
	}
	endpoint, err := url.Parse(base + "/ecs")
	if err != nil {
		b.Fatal(err)
	}
	ds := NewJobDataSource().(*jobDataSource)
	ds.client = client.New(client.Config{
		Region: emulator.DefaultRegion, ProjectID: emulator.DefaultProjectID, Version: "bench",
		AccessKey: emulator.DefaultAccessKey, SecretKey: emulator.DefaultSecretKey,
		Endpoints: map[client.Service]*url.URL{"ecs": endpoint},
	})
	var schemaResp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	values["service"] = tftypes.NewValue(tftypes.String, "ecs")
	values["job_id"] = tftypes.NewValue(tftypes.String, "bench")
	config := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, values)}
	b.ReportAllocs()
	for b.Loop() {
		resp := datasource.ReadResponse{State: tfsdk.State{Schema: schemaResp.Schema}}
		ds.Read(ctx, datasource.ReadRequest{Config: config}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
	}
}
