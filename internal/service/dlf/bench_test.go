package dlf

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/testkit"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// benchJobs is the size of the list the benchmarks read: a large workspace,
// 100 pages of the data source's page size.
const benchJobs = 10000

// BenchmarkJobsList measures what hwcjobs_dataarts_factory_jobs does with a
// 10,000-job list once the pages have arrived, step by step: decode (JSON
// pages into wire types, through the same paging and de-duplication as a
// read), map (wire types into the Terraform model, whose jobs are a list of
// object values) and state (the model into the state value and its msgpack
// encoding, as the framework sends it to Terraform); wire is what the
// provider's server does instead of map and state: the jobs mapped and
// written as the state's msgpack in one pass (package tfwire). The pages are the emulator's, as the API
// writes them.
func BenchmarkJobsList(b *testing.B) {
	ctx := context.Background()
	bodies := listBodies(b, benchJobs)
	jobs := decodeListBodies(b, bodies)
	list, diags := jobList(jobs).List(ctx)
	model := jobsModel{Tags: types.ListNull(types.StringType), Total: types.Int64Value(benchJobs), Jobs: list}
	model.ReadTimeout = wait.UnsetTimeouts() // the state of a configuration without timeouts
	if diags.HasError() {
		b.Fatal(diags)
	}

	b.Run("decode", func(b *testing.B) {
		b.SetBytes(testkit.TotalSize(bodies))
		b.ReportAllocs()
		for b.Loop() {
			decodeListBodies(b, bodies)
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = jobList(jobs).List(ctx)
		}
	})
	b.Run("state", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			testkit.EncodeState(ctx, b, NewJobsDataSource(), &model)
		}
	})
	b.Run("wire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			testkit.EncodeWire(ctx, b, NewJobsDataSource(), map[string]attr.Value{"total": model.Total, "jobs": jobList(jobs)})
		}
	})
}

// listBodies are the emulator's answers to the pages of a workspace with n
// generated batch jobs, as listJobs asks for them.
func listBodies(tb testing.TB, n int) [][]byte {
	tb.Helper()
	const workspace = "bench-workspace"
	e := emulator.New(emulator.Config{})
	e.GenerateDLFJobs(workspace, defaultProcessType, n)
	var bodies [][]byte
	for offset := 0; offset < n; offset += pageSize {
		target := fmt.Sprintf("/v1/%s/jobs?jobType=%s&limit=%d&offset=%d", emulator.DefaultProjectID, defaultProcessType, pageSize, offset)
		status, body := e.Answer(target, http.Header{"Workspace": {workspace}})
		if status != http.StatusOK {
			tb.Fatalf("GET %s: HTTP %d: %s", target, status, body)
		}
		bodies = append(bodies, body)
	}
	return bodies
}

// decodeListBodies reads bodies as listJobs reads its pages.
func decodeListBodies(tb testing.TB, bodies [][]byte) []job {
	tb.Helper()
	paged, err := client.ReadPages(context.Background(), pageSize, func(j job) string { return convert.Deref(j.Name) },
		func(_ context.Context, offset, _ int) (client.Page[job], error) {
			var page jobsPage
			err := json.Unmarshal(bodies[offset/pageSize], &page)
			return client.Page[job]{Items: page.Jobs, Total: page.Total}, err
		})
	if err != nil || paged.Warning != "" || len(paged.Items) != benchJobs {
		tb.Fatalf("read %d jobs, warning %q, error %v", len(paged.Items), paged.Warning, err)
	}
	return paged.Items
}
