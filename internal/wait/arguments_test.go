package wait

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
)

func notFound(s client.Service, code string) error {
	return answer(s, 404, code)
}

func answer(s client.Service, status int, code string) error {
	return &client.APIError{Call: client.Call{Service: s, Method: "GET", Path: "/jobs/7", Status: status}, Code: code}
}

func diagsText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Severity(), d.Summary(), d.Detail())
	}
	return b.String()
}

// A job the API does not know reads as found = false with allow_missing,
// at once, waiting or not; without it, it is an error that says what to do.
func TestReadNotFound(t *testing.T) {
	lookupFailed := fmt.Errorf("looking up the project of region %q (set project_id to skip this): %w", "r", notFound(client.IAM, ""))
	for _, tt := range []struct {
		name         string
		err          error
		allowMissing bool
		wait         bool
		want         string // diagnostics; "" for found = false
	}{
		{"allowed", notFound(client.CSE, ""), true, false, ""},
		{"allowed while waiting", notFound(client.CSE, ""), true, true, ""},
		{"CSE: no task found", answer(client.CSE, 400, "SVCSTG.00501153"), true, false, ""},
		{"the poll says so", fmt.Errorf("no instance: %w", ErrNotFound), true, true, ""},
		{"not allowed", answer(client.CSE, 400, "SVCSTG.00501153"), false, true,
			"Error: Not Found: CSE engine job 7 was not found. Check its identifiers and region. If the job may not exist " +
				"(APIs forget finished jobs after a while), set allow_missing = true to read it as found = false instead of failing." +
				"\n\nCSE GET /jobs/7: HTTP 400 Bad Request: SVCSTG.00501153\n"},
		// Not the job's own answer: allow_missing does not hide it, and it
		// reads as it reads on a list.
		{"project lookup", lookupFailed, true, false, "Error: Project Lookup Failed: Reading CSE engine job 7 needs the project of the region, " +
			"and the IAM endpoint answered 404 to the lookup. Check region and endpoints.iam, or set project_id (or HW_PROJECT_ID) to skip the lookup." +
			"\n\nlooking up the project of region \"r\" (set project_id to skip this): IAM GET /jobs/7: HTTP 404 Not Found\n"},
		{"unknown path", notFound(client.CSE, "APIGW.0101"), true, false, "Error: API Not Found: Reading CSE engine job 7 failed: " +
			"the CSE endpoint does not serve this API (its gateway knows no such path). Check endpoints.cse and region.\n\n" +
			"CSE GET /jobs/7: HTTP 404 Not Found: APIGW.0101\n"},
		{"no such engine", answer(client.CSE, 400, "SVCSTG.00501116"), true, false, "Error: Engine Not Found: Reading CSE engine job 7 failed: " +
			"CSE says that the engine does not exist. Check engine_id (allow_missing does not apply: it reads a job that the API no longer knows, " +
			"not one whose engine does not exist).\n\nCSE GET /jobs/7: HTTP 400 Bad Request: SVCSTG.00501116\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &waitRun{}
			j := r.single(true, tt.err)
			args := Arguments{AllowMissing: types.BoolValue(tt.allowMissing)}
			args.WaitForCompletion = types.BoolValue(tt.wait)
			_, found, diags := Read(context.Background(), &args, j)
			got := diagsText(diags)
			switch {
			case tt.want == "" && (got != "" || found || !args.Found.Equal(types.BoolValue(false))):
				t.Errorf("found %v (%v), diagnostics %q", found, args.Found, got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
			r.wantEvents(t, "poll 1")
		})
	}
}

func TestReadFound(t *testing.T) {
	r := &waitRun{}
	args := Arguments{}
	args.WaitForCompletion = types.BoolValue(true)
	got, found, diags := Read(context.Background(), &args, r.single(true, fakeJob{status: "Init"}, fakeJob{status: "Finished"}))
	if diags.HasError() || !found || got.status != "Finished" || !args.Found.Equal(types.BoolValue(true)) {
		t.Fatalf("%+v found %v (%v): %s", got, found, args.Found, diagsText(diags))
	}
}

func TestReadListFailure(t *testing.T) {
	r := &waitRun{}
	args := ListArguments{WaitForCompletion: types.BoolValue(true)}
	_, diags := ReadList(context.Background(), args, r.list(true, listing{job("1", "Executing")}, listing{job("1", "Error")}))
	want := "Error: Jobs Failed: While waiting on the job list of CSE engine e, 1 job that the wait saw pending ended in a failure status:\n" +
		"- CSE engine job 1 ended with status Error: log of 1\n\nSet fail_on_error = false to read the list instead of failing.\n"
	if got := diagsText(diags); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// fail_on_error and poll_interval without wait_for_completion = true do
// nothing: a warning on each, and nothing when the wait is on or unknown.
func TestIdleArgumentsWarn(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: AddAttributes(ctx, map[string]schema.Attribute{})}
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	config := func(values map[string]tftypes.Value) tfsdk.Config {
		all := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			all[name] = tftypes.NewValue(at, nil)
		}
		for name, v := range values {
			all[name] = v
		}
		return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, all)}
	}
	b := func(v bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, v) }
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	unknown := tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
	for _, tt := range []struct {
		name   string
		values map[string]tftypes.Value
		want   string
	}{
		{"both without waiting", map[string]tftypes.Value{"fail_on_error": b(false), "poll_interval": str("1s")},
			"Warning: Argument Has No Effect: fail_on_error only applies while waiting, and this data source does not wait: " +
				"set wait_for_completion = true, or remove fail_on_error.\n" +
				"Warning: Argument Has No Effect: poll_interval only applies while waiting, and this data source does not wait: " +
				"set wait_for_completion = true, or remove poll_interval.\n"},
		{"wait_for_completion = false", map[string]tftypes.Value{"wait_for_completion": b(false), "fail_on_error": b(true)},
			"Warning: Argument Has No Effect: fail_on_error only applies while waiting"},
		{"waiting", map[string]tftypes.Value{"wait_for_completion": b(true), "fail_on_error": b(false), "poll_interval": str("1s")}, ""},
		{"wait unknown", map[string]tftypes.Value{"wait_for_completion": unknown, "poll_interval": str("1s")}, ""},
		{"nothing written", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp datasource.ValidateConfigResponse
			for _, v := range ConfigValidators() {
				v.ValidateDataSource(ctx, datasource.ValidateConfigRequest{Config: config(tt.values)}, &resp)
			}
			got := diagsText(resp.Diagnostics)
			if (tt.want == "" && got != "") || !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// ArgumentsOf reads the wait arguments and timeouts.read from the raw
// configuration, as the framework's reflection would.
func TestArgumentsOf(t *testing.T) {
	ctx := context.Background()
	timeoutsType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}
	for _, c := range []struct {
		name     string
		timeouts tftypes.Value
		want     time.Duration
	}{
		{"unset", tftypes.NewValue(timeoutsType, nil), DefaultTimeout},
		{"read unset", tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, nil)}), DefaultTimeout},
		{"read", tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, "90s")}), 90 * time.Second},
	} {
		a := ArgumentsOf(tfwire.Arguments{
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, true),
			"poll_interval":       tftypes.NewValue(tftypes.String, "15s"),
			"allow_missing":       tftypes.NewValue(tftypes.Bool, nil),
			"timeouts":            c.timeouts,
		})
		got, diags := a.Timeouts.Read(ctx, DefaultTimeout)
		if diags.HasError() || got != c.want {
			t.Errorf("%s: timeouts.read %s %v, want %s", c.name, got, diags, c.want)
		}
		if !a.WaitForCompletion.ValueBool() || a.PollInterval.ValueString() != "15s" || !a.AllowMissing.IsNull() || !a.FailOnError.IsNull() {
			t.Errorf("%s: %+v", c.name, a.ListArguments)
		}
	}
}
