package dlf

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
)

// The decoder of the DLF list takes any body without panicking: a body
// either fails to decode (an "Invalid API Response" diagnostic) or maps to
// job objects whose timestamps are what the schema promises. The seeds are the
// page's example and the ways the API is known to vary; they run with every
// `go test`, and `make fuzz` explores from them.
func FuzzListResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleDLFList))
	for _, seed := range []string{
		`{"jobs":[],"total":0}`, `{"jobs":null,"total":"1"}`, `{}`, `[]`, `null`, ``, `{"jobs":[null,{}]}`,
		`{"jobs":[{"name":"a","priority":"2","singleNodeJobFlag":"1","createTime":"1680783636000","startTime":-1,"endTime":0}]}`,
		`{"jobs":[{"name":"b","priority":1.0,"singleNodeJobFlag":true,"createTime":"2023-04-06T12:20:36Z","lastUpdateTime":"2025-09-02 10:23:38.987955 +0000 UTC"}]}`,
		`{"jobs":[{"name":"c","priority":null,"singleNodeJobFlag":0,"lastInstanceEndTime":253402300800000,"startTime":"9999-12-31T23:00:00-02:00"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var page jobsPage
		if json.Unmarshal(body, &page) != nil {
			return
		}
		var diags diag.Diagnostics
		jobs := newJobList(page.Jobs, &diags)
		if diags.HasError() || len(jobs.Elements()) != len(page.Jobs) {
			t.Fatalf("%d objects of %d jobs, diagnostics %v", len(jobs.Elements()), len(page.Jobs), diags)
		}
		for _, j := range jobs.Elements() {
			attrs := j.(types.Object).Attributes()
			for _, name := range []string{"created_at", "start_time", "end_time", "last_instance_end_time", "updated_at"} {
				testkit.CheckTime(t, name, attrs[name].(types.String))
			}
		}
	})
}
