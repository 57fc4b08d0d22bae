package validate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func run(v validator.String, value types.String) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	return resp.Diagnostics[0].Summary() + ": " + resp.Diagnostics[0].Detail()
}

func TestDuration(t *testing.T) {
	v := Duration(100 * time.Millisecond)
	for in, want := range map[string]string{
		"10s": "", "100ms": "", "1m30s": "",
		"99ms": "Duration Too Short", "-1s": "Duration Too Short",
		"10": "Invalid Duration", "ten seconds": "Invalid Duration", "": "Invalid Duration",
	} {
		if got := run(v, types.StringValue(in)); !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	if run(v, types.StringNull()) != "" || run(v, types.StringUnknown()) != "" {
		t.Error("null or unknown rejected")
	}
}

func TestRFC3339(t *testing.T) {
	v := RFC3339()
	for in, ok := range map[string]bool{
		"2021-11-10T10:28:15Z": true, "2021-11-10T18:28:15.5+08:00": true,
		"2021-11-10": false, "1636540095901": false, "2021-11-10 10:28:15": false,
	} {
		if got := run(v, types.StringValue(in)); (got == "") != ok {
			t.Errorf("%q: %q", in, got)
		}
	}
}
