package cce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// benchTrees are the sub-job trees the benchmarks flatten: a chain 1,000
// levels deep (a pathological response; encoding/json allows about 3,300
// levels of sub-jobs) and a wide tree of 10 sub-jobs a job, 4 levels deep
// (11,110 sub-jobs).
var benchTrees = []struct {
	name          string
	fanOut, depth int
}{
	{"deep-1000", 1, 1000},
	{"wide-10x4", 10, 4},
}

// BenchmarkSubJobs measures hwcjobs_cce_jobs on one job with a large tree
// of sub-jobs, step by step: decode (the emulator's response body into wire
// types), flatten (descendants), map (the job and its flattened sub-jobs
// into a list of object values, flattening included) and state (the model
// into the state value and its msgpack encoding, as the framework sends it
// to Terraform); wire is what the provider's server does instead of map and
// state: flattened, mapped and written as msgpack in one pass (package
// tfwire).
func BenchmarkSubJobs(b *testing.B) {
	ctx := context.Background()
	for _, tree := range benchTrees {
		body := treeBody(b, tree.fanOut, tree.depth)
		jobs := decodeBody(b, body)
		list, diags := jobList([]*job{&jobs[0]}).List(ctx)
		model := jobsModel{Jobs: list}
		model.ReadTimeout = wait.UnsetTimeouts() // the state of a configuration without timeouts
		if diags.HasError() {
			b.Fatal(diags)
		}
		b.Run(tree.name+"/decode", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				decodeBody(b, body)
			}
		})
		b.Run(tree.name+"/flatten", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				descendants(&jobs[0])
			}
		})
		b.Run(tree.name+"/map", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = jobList([]*job{&jobs[0]}).List(ctx)
			}
		})
		b.Run(tree.name+"/state", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				testkit.EncodeState(ctx, b, NewJobsDataSource(), &model)
			}
		})
		b.Run(tree.name+"/wire", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				testkit.EncodeWire(ctx, b, NewJobsDataSource(), map[string]attr.Value{"jobs": jobList([]*job{&jobs[0]})})
			}
		})
	}
}

// treeBody is the emulator's job list holding one job whose sub-jobs have
// fanOut sub-jobs each, depth levels deep.
func treeBody(tb testing.TB, fanOut, depth int) []byte {
	tb.Helper()
	created := time.Date(2025, 9, 2, 10, 23, 38, 987955000, time.UTC)
	seq := 0
	var subJobs func(level int) []emulator.CCEJob
	subJobs = func(level int) []emulator.CCEJob {
		if level > depth {
			return nil
		}
		out := make([]emulator.CCEJob, fanOut)
		for i := range out {
			seq++
			out[i] = emulator.CCEJob{
				UID: fmt.Sprintf("%08x-0000-11f0-be88-0255ac10003f", seq), Type: "InstallNode",
				ClusterUID: "7ec8b73d-83db-11f0-8baa-0255ac10003e", ResourceName: fmt.Sprintf("node-%d", seq),
				Status: "Success", Created: created, Updated: created.Add(time.Minute), Completed: created.Add(time.Minute),
				SubJobs: subJobs(level + 1),
			}
		}
		return out
	}
	e := emulator.New(emulator.Config{})
	e.AddCCEJob(emulator.CCEJob{
		UID: "e43c6f3b-87e6-11f0-be88-0255ac10003f", Type: "ScaleupCluster",
		ClusterUID: "7ec8b73d-83db-11f0-8baa-0255ac10003e", ExtendParam: map[string]string{"orderID": "CS25090218238EI5V"},
		Status: "Success", Created: created, Updated: created.Add(time.Hour), Completed: created.Add(time.Hour),
		SubJobs: subJobs(1),
	})
	target := fmt.Sprintf("/api/v2/projects/%s/jobs", emulator.DefaultProjectID)
	status, body := e.Answer(target, nil)
	if status != http.StatusOK {
		tb.Fatalf("GET %s: HTTP %d: %s", target, status, body)
	}
	return body
}

func decodeBody(tb testing.TB, body []byte) []job {
	tb.Helper()
	var jobs []job
	if err := json.Unmarshal(body, &jobs); err != nil || len(jobs) != 1 {
		tb.Fatalf("decoded %d jobs, error %v", len(jobs), err)
	}
	return jobs
}
