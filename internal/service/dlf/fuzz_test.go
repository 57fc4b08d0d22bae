package dlf

import (
	"context"
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
		jobs, diags := jobList(page.Jobs).List(context.Background())
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

// The decoder of the job instance list takes any body without panicking;
// a page that decodes maps to run objects whose timestamps are what the
// schema promises, and the latest run is one of them.
func FuzzInstancesResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleDLFInstances))
	for _, seed := range []string{
		`{}`, `null`, `{"instances":null}`, `{"total":"2"}`,
		`{"total":1,"instances":[{"jobId":"1046","instanceId":"3312771","planTime":"1748822400000","executeTime":"99000","forceSuccess":1}]}`,
		`{"instances":[{"instanceId":1,"planTime":5},{"instanceId":2,"planTime":5},{"planTime":9},null]}`,
		`{"instances":[{"status":"skip-by-depend","endTime":-1,"submitTime":0,"instanceType":2.0}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var page instancesPage
		if json.Unmarshal(body, &page) != nil {
			return
		}
		list, diags := instanceList(page.Instances).List(context.Background())
		if diags.HasError() || len(list.Elements()) != len(page.Instances) {
			t.Fatalf("%d objects of %d runs, diagnostics %v", len(list.Elements()), len(page.Instances), diags)
		}
		for _, o := range list.Elements() {
			m := o.(types.Object).Attributes()
			for _, name := range []string{"plan_time", "submit_time", "start_time", "end_time"} {
				testkit.CheckTime(t, name, m[name].(types.String))
			}
			if m["succeeded"].(types.Bool).ValueBool() && !m["done"].(types.Bool).ValueBool() {
				t.Fatalf("status %s: succeeded but not done", m["status"])
			}
		}
		var latest *instance
		for i := range page.Instances {
			if in := &page.Instances[i]; in.InstanceID.Valid && (latest == nil || later(in, latest)) {
				latest = in
			}
		}
		for i := range page.Instances {
			if in := &page.Instances[i]; latest != nil && in.InstanceID.Valid && later(in, latest) {
				t.Fatalf("run %s is later than the latest, %s", in.InstanceID, latest.InstanceID)
			}
		}
	})
}

// The decoder of a run's detail takes any body without panicking; a body
// that decodes maps to node objects and a failure text.
func FuzzInstanceResponse(f *testing.F) {
	f.Add([]byte(emulator.ExampleDLFInstance))
	for _, seed := range []string{
		`{}`, `null`, `{"nodes":null}`, `{"nodes":[null,{}]}`,
		`{"status":"fail","nodes":[{"nodeName":"a","status":"manual-stop","speed":"12.5","inputRowCount":"3"},{"status":"skip","speed":1e400}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var d instanceDetail
		if json.Unmarshal(body, &d) != nil {
			return
		}
		var diags diag.Diagnostics
		list := newNodeList(d.Nodes, &diags)
		if diags.HasError() || len(list.Elements()) != len(d.Nodes) {
			t.Fatalf("%d objects of %d nodes, diagnostics %v", len(list.Elements()), len(d.Nodes), diags)
		}
		for _, o := range list.Elements() {
			m := o.(types.Object).Attributes()
			for _, name := range []string{"plan_time", "start_time", "end_time"} {
				testkit.CheckTime(t, name, m[name].(types.String))
			}
		}
		_ = (&runReader{latest: true, instanceID: "1"}).failureText(d)
	})
}

// newNodeList is the nodes attribute as a framework list, every object
// built, as the framework's Read sets it (FuzzInstanceResponse reads nodes
// through it): null, with an error, when an object does not match its type.
func newNodeList(nodes []node, diags *diag.Diagnostics) types.List {
	list, d := nodeList(nodes).List(context.Background())
	diags.Append(d...)
	return list
}
