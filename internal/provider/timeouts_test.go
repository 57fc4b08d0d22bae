package provider_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
)

// invalidReadTimeouts are values of timeouts.read that validation refuses,
// with the detail of the error.
var invalidReadTimeouts = []struct{ value, detail string }{
	{"0s", `"0s" is not a positive duration: timeouts.read bounds the whole read, which needs time for at least one request. ` +
		`Write it like "30m", or leave timeouts out for the default of 20m.`},
	{"-5m", `"-5m" is not a positive duration: timeouts.read bounds the whole read, which needs time for at least one request. ` +
		`Write it like "30m", or leave timeouts out for the default of 20m.`},
	{"30 minutes", `"30 minutes" is not a duration. Write it like "30m", "1h30m" or "90s" (units h, m, s, ms).`},
}

// timeouts.read must be a positive duration: "0s", "-5m" and what is not a
// duration are validation errors of every data source, on the read
// attribute itself (the diagnostic's path is timeouts.read), one error each.
func TestTimeoutsReadIsValidated(t *testing.T) {
	server := newProviderServer(t)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(schemas.DataSourceSchemas))
	if len(names) < 7 {
		t.Fatalf("only %d data sources: %v", len(names), names)
	}
	readPath := tftypes.NewAttributePath().WithAttributeName("timeouts").WithAttributeName("read")
	var config strings.Builder
	var wantCLI []string
	for _, name := range names {
		schema := schemas.DataSourceSchemas[name]
		required := map[string]any{}
		for _, a := range schema.Block.Attributes {
			if a.Required {
				required[a.Name] = "x"
				if a.Name == "service" { // hwcjobs_job validates it
					required[a.Name] = "ecs"
				}
			}
		}
		for i, v := range invalidReadTimeouts {
			values := maps.Clone(required)
			values["timeouts"] = map[string]any{"read": v.value}
			resp, err := server.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
				TypeName: name, Config: dynamicValue(t, schema.ValueType(), values),
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Diagnostics) != 1 {
				t.Errorf("%s, read = %q: %d diagnostics %v", name, v.value, len(resp.Diagnostics), diagnostics(resp.Diagnostics))
				continue
			}
			d := resp.Diagnostics[0]
			if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid Duration" || d.Detail != v.detail ||
				!d.Attribute.Equal(readPath) {
				t.Errorf("%s, read = %q: %s %q: %q at %v", name, v.value, d.Severity, d.Summary, d.Detail, d.Attribute)
			}

			fmt.Fprintf(&config, "data %q \"t%d\" {\n", name, i)
			for _, a := range slices.Sorted(maps.Keys(required)) {
				fmt.Fprintf(&config, "  %s = %q\n", a, required[a])
			}
			fmt.Fprintf(&config, "  timeouts = {\n    read = %q\n  }\n}\n\n", v.value)
			wantCLI = append(wantCLI, "error: Invalid Duration: "+v.detail)
		}
	}

	// terraform validate shows them all, and nothing else. (Terraform 1.11
	// shows an error of a nested attribute on its data source's first line;
	// later versions find the read line from the path.)
	var got []string
	for _, d := range acctest.Validate(t, config.String()) {
		got = append(got, d.String())
	}
	slices.Sort(got)
	slices.Sort(wantCLI)
	if !slices.Equal(got, wantCLI) {
		t.Errorf("terraform validate showed\n%q\nwant\n%q", got, wantCLI)
	}
}

// A plan fails on it before any request.
func TestZeroReadTimeoutFailsThePlan(t *testing.T) {
	e, url := acctest.Emulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(e, url) + `
data "hwcjobs_cce_jobs" "all" {
  timeouts = { read = "0s" }
}
`,
			ExpectError: acctest.ErrorTexts("Invalid Duration", `"0s" is not a positive duration: timeouts.read bounds the whole read`),
		}},
	})
	if n := e.Count(""); n != 0 {
		t.Errorf("%d requests", n)
	}
}
