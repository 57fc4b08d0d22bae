package dlf

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func TestInstancesExampleResponse(t *testing.T) {
	var page instancesPage
	if err := json.Unmarshal([]byte(emulator.ExampleDLFInstances), &page); err != nil {
		t.Fatal(err)
	}
	if page.Total == nil || *page.Total != 2 || len(page.Instances) != 2 {
		t.Fatalf("total %v with %d instances, want 2 and 2", page.Total, len(page.Instances))
	}
	want := []map[string]attr.Value{{
		"id":             types.StringValue("3312771"),
		"job_name":       types.StringValue("etl_orders_daily"),
		"job_id":         types.StringValue("1046"),
		"name":           types.StringValue("etl_orders_daily"),
		"status":         types.StringValue("success"),
		"plan_time":      types.StringValue("2025-06-02T00:00:00Z"),
		"submit_time":    types.StringValue("2025-06-02T00:00:00.12Z"),
		"start_time":     types.StringValue("2025-06-02T00:00:01Z"),
		"end_time":       types.StringValue("2025-06-02T00:04:48Z"),
		"duration_ms":    types.Int64Value(287000),
		"instance_type":  types.Int64Value(0),
		"version":        types.Int64Value(7),
		"force_success":  types.BoolValue(false),
		"ignore_success": types.BoolValue(false),
		"error_message":  types.StringValue(""),
		"done":           types.BoolValue(true),
		"succeeded":      types.BoolValue(true),
	}, {
		"id":             types.StringValue("3313905"),
		"job_name":       types.StringValue("etl_orders_daily"),
		"job_id":         types.StringValue("1046"),
		"name":           types.StringValue("etl_orders_daily"),
		"status":         types.StringValue("running"),
		"plan_time":      types.StringValue("2025-06-03T00:00:00Z"),
		"submit_time":    types.StringValue("2025-06-03T00:00:00.09Z"),
		"start_time":     types.StringValue("2025-06-03T00:00:01Z"),
		"end_time":       types.StringNull(),
		"duration_ms":    types.Int64Value(52000),
		"instance_type":  types.Int64Value(2),
		"version":        types.Int64Value(7),
		"force_success":  types.BoolValue(false),
		"ignore_success": types.BoolValue(false),
		"error_message":  types.StringNull(),
		"done":           types.BoolValue(false),
		"succeeded":      types.BoolValue(false),
	}}
	for i, in := range page.Instances {
		if got := instanceAttrValues(in); !maps.EqualFunc(got, want[i], attr.Value.Equal) {
			t.Errorf("instance %d:\n got %v\nwant %v", i, got, want[i])
		}
	}
}

func TestInstanceExampleResponse(t *testing.T) {
	var d instanceDetail
	if err := json.Unmarshal([]byte(emulator.ExampleDLFInstance), &d); err != nil {
		t.Fatal(err)
	}
	if d.status() != "fail" || d.InstanceID.String() != "3312771" || d.ExecuteTime.Int64 != 99000 || d.Total.Int64 != 2 ||
		convert.FormatTime(d.EndTime.Time) != "2025-06-02T00:01:40Z" || len(d.Nodes) != 2 {
		t.Fatalf("detail %+v", d)
	}
	want := []map[string]attr.Value{{
		"name":            types.StringValue("load_to_dws"),
		"type":            types.StringValue("CDMJob"),
		"status":          types.StringValue("success"),
		"queue":           types.StringValue(""),
		"plan_time":       types.StringValue("2025-06-02T00:00:00Z"),
		"start_time":      types.StringValue("2025-06-02T00:00:01Z"),
		"end_time":        types.StringValue("2025-06-02T00:01:10Z"),
		"retry_times":     types.Int64Value(0),
		"input_row_count": types.Int64Value(120034),
		"speed":           types.Float64Value(1714.7),
		"log_path":        types.StringValue("obs://dlf-log-xxxx/etl_orders_daily/load_to_dws.log"),
		"done":            types.BoolValue(true),
		"succeeded":       types.BoolValue(true),
	}, {
		"name":            types.StringValue("aggregate"),
		"type":            types.StringValue("DLISQL"),
		"status":          types.StringValue("fail"),
		"queue":           types.StringValue("sql_queue_a"),
		"plan_time":       types.StringValue("2025-06-02T00:00:00Z"),
		"start_time":      types.StringValue("2025-06-02T00:01:11Z"),
		"end_time":        types.StringValue("2025-06-02T00:01:40Z"),
		"retry_times":     types.Int64Value(1),
		"input_row_count": types.Int64Value(0),
		"speed":           types.Float64Value(0),
		"log_path":        types.StringValue("obs://dlf-log-xxxx/etl_orders_daily/aggregate.log"),
		"done":            types.BoolValue(true),
		"succeeded":       types.BoolValue(false),
	}}
	for i, n := range d.Nodes {
		if got := nodeAttrValues(n); !maps.EqualFunc(got, want[i], attr.Value.Equal) {
			t.Errorf("node %d:\n got %v\nwant %v", i, got, want[i])
		}
	}

	r := &runReader{jobName: "etl_orders_daily", instanceID: "3312771"}
	if got, want := r.failureText(d), "node aggregate (DLISQL) failed, log obs://dlf-log-xxxx/etl_orders_daily/aggregate.log"; got != want {
		t.Errorf("failure text\n got %q\nwant %q", got, want)
	}
	// Picked as the latest, with the list's errorMessage.
	msg := "DLI.0003: queue sql_queue_a is busy"
	r = &runReader{jobName: "etl_orders_daily", instanceID: "3312771", latest: true, listed: &instance{ErrorMessage: &msg}}
	if got, want := r.failureText(d), "run 3312771: node aggregate (DLISQL) failed, log obs://dlf-log-xxxx/etl_orders_daily/aggregate.log; "+msg; got != want {
		t.Errorf("failure text\n got %q\nwant %q", got, want)
	}
}

// The status classes of the SPEC's table: skipped runs and nodes are done
// without having failed or succeeded.
func TestStatusClasses(t *testing.T) {
	for _, tt := range []struct {
		status                  string
		done, succeeded, failed bool
	}{
		{"success", true, true, false}, {"forceSuccess", true, true, false}, {"IGNORESUCCESS", true, true, false},
		{"fail", true, false, true}, {"running-exception", true, false, true}, {"manual-stop", true, false, true},
		{"skip-by-depend", true, false, false}, {"running", false, false, false}, {"waiting-confirm", false, false, false},
	} {
		c := instanceStatuses
		if c.Done(tt.status) != tt.done || c.Succeeded(tt.status) != tt.succeeded || c.Failed(tt.status) != tt.failed {
			t.Errorf("run status %s", tt.status)
		}
	}
	for _, tt := range []struct {
		status                  string
		done, succeeded, failed bool
	}{
		{"success", true, true, false}, {"fail", true, false, true}, {"manual-stop", true, false, true},
		{"skip", true, false, false}, {"pause", false, false, false}, {"running-exception", false, false, false},
	} {
		c := nodeStatuses
		if c.Done(tt.status) != tt.done || c.Succeeded(tt.status) != tt.succeeded || c.Failed(tt.status) != tt.failed {
			t.Errorf("node status %s", tt.status)
		}
	}
}

// Of runs planned at once, the greater id is the later, compared as numbers.
func TestLater(t *testing.T) {
	run := func(plan int64, id string) *instance {
		var in instance
		if err := json.Unmarshal([]byte(`{"planTime":`+strconv.FormatInt(plan, 10)+`,"instanceId":`+id+`}`), &in); err != nil {
			t.Fatal(err)
		}
		return &in
	}
	if !later(run(2, "1"), run(1, "9")) || later(run(1, "9"), run(2, "1")) {
		t.Error("plan time first")
	}
	if !later(run(1, "10"), run(1, "9")) || later(run(1, "9"), run(1, "10")) || later(run(1, "7"), run(1, "7")) {
		t.Error("ids as numbers")
	}
}

// latestInstance asks once, for the last 7 days before the clock it is
// given, and picks the latest plan time whatever the list order.
func TestLatestInstance(t *testing.T) {
	now := time.Date(2025, 6, 9, 12, 0, 0, 0, time.UTC)
	e, base := emulator.Start(t, emulator.Config{Clock: func() time.Time { return now }})
	for _, run := range []struct {
		id   int64
		job  string
		plan time.Duration
	}{{1, "etl", 3 * time.Hour}, {2, "etl", time.Hour}, {3, "etl", 2 * time.Hour}, {4, "etl_copy", 0}, {5, "etl", 7*24*time.Hour + time.Millisecond}} {
		e.AddDLFInstance("ws", emulator.DLFInstance{JobName: run.job, InstanceID: run.id, Status: "success", PlanTime: now.Add(-run.plan)})
	}
	u, _ := url.Parse(base)
	c := client.New(client.Config{ProjectID: emulator.DefaultProjectID, Token: emulator.DefaultToken,
		Endpoints: map[client.Service]*url.URL{client.DLF: u}})

	in, err := latestInstance(context.Background(), c, "ws", "etl", now)
	if err != nil || in.InstanceID.String() != "2" {
		t.Fatalf("picked %s: %v", in.InstanceID, err)
	}
	requests := e.Requests()
	want := url.Values{"jobName": {"etl"}, "preciseQuery": {"true"}, "limit": {"1000"}, "offset": {"0"},
		"minPlanTime": {"1748865600000"}, "maxPlanTime": {"1749470400000"}} // 2025-06-02T12:00Z to 2025-06-09T12:00Z
	if len(requests) != 1 || !maps.EqualFunc(requests[0].Query, want, slices.Equal) || requests[0].Header.Get("workspace") != "ws" {
		t.Fatalf("requests %+v, want one with %s", requests, want.Encode())
	}
	if _, err := latestInstance(context.Background(), c, "ws", "nothing", now); !errors.Is(err, errNoRun) {
		t.Fatalf("a job without runs: %v", err)
	}
}
