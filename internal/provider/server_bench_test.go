package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// BenchmarkListRead is the read of each large list end to end, as Terraform
// asks for it: the ReadDataSource call of the protocol, with its
// configuration as msgpack, every page requested from the emulator on
// 127.0.0.1 (which answers in the same process, so that its work is counted
// too), decoded, mapped and written as the state's msgpack. "server" is the
// provider's own answer, "framework" the framework's, for comparison.
func BenchmarkListRead(b *testing.B) {
	ctx := context.Background()
	e, base := emulator.Start(b, emulator.Config{})
	e.GenerateDLFJobs(emulator.BenchWorkspace, "BATCH", emulator.BenchJobs)
	e.GenerateCSEJobs(emulator.BenchEngineID, emulator.BenchJobs)
	e.GenerateCCEJobs(emulator.BenchJobs, 1)
	s := configuredServer(b, base)
	readers := s.provider.computedReaders(ctx)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, list := range []struct {
		name, typeName string
		args           map[string]tftypes.Value
	}{
		{"dlf-10000", "hwcjobs_dataarts_factory_jobs", map[string]tftypes.Value{"workspace_id": str(emulator.BenchWorkspace)}},
		{"cse-10000", "hwcjobs_cse_engine_jobs", map[string]tftypes.Value{"engine_id": str(emulator.BenchEngineID)}},
		{"cce-10000", "hwcjobs_cce_jobs", nil},
	} {
		typ := readers[list.typeName].typ
		config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, list.args))
		if err != nil {
			b.Fatal(err)
		}
		req := &tfprotov6.ReadDataSourceRequest{TypeName: list.typeName, Config: &config}
		for _, way := range []struct {
			name string
			read func(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error)
		}{
			{"server", s.ReadDataSource},
			{"framework", s.ProviderServer.ReadDataSource},
		} {
			b.Run(list.name+"/"+way.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					resp, err := way.read(ctx, req)
					if err != nil || hasError(resp.Diagnostics) || resp.State == nil {
						b.Fatalf("%v %s", err, diagnosticsText(resp.Diagnostics))
					}
				}
			})
		}
	}
}
