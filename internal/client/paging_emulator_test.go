package client

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// readEngineJobs reads every page of an engine's CSE jobs, as the CSE data
// source does, and returns their ids.
func readEngineJobs(ctx context.Context, c *Client, engine string) (Paged[string], error) {
	type jobsPage struct {
		Total *int `json:"total"`
		Data  []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	return ReadPages(ctx, 100, id, func(ctx context.Context, offset, limit int) (Page[string], error) {
		var p jobsPage
		err := c.Get(ctx, Request{
			Service: CSE, Path: "/v2/{project_id}/enginemgr/engines/{engine_id}/jobs",
			PathParams: map[string]string{"engine_id": engine},
			Query:      url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}},
		}, &p)
		ids := make([]string, len(p.Data))
		for i, j := range p.Data {
			ids[i] = strconv.FormatInt(j.ID, 10)
		}
		return Page[string]{Items: ids, Total: p.Total}, err
	})
}

// ids are the ids of GenerateCSEJobs' first n jobs, in the list's order.
func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}

func engineJobsPath(engine string) string {
	return "/v2/" + emulator.DefaultProjectID + "/enginemgr/engines/" + engine + "/jobs"
}

// Three lists read at once through one client: each has at most 8 pages in
// flight, and the three together at most 16. The emulator holds every page
// after the first four of each list until 16 are in flight, so the bounds are reached, not just respected; no
// list asks for a page more than a sequential read would.
func TestReadPagesProviderBound(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	hold := make(chan struct{})
	engines := []string{"a", "b", "c"}
	for _, engine := range engines {
		e.GenerateCSEJobs(engine, 3000)
		e.Inject(emulator.Fault{Path: engineJobsPath(engine), Hold: hold, After: 4})
	}
	c := emulatorClient(base)
	var wg sync.WaitGroup
	for _, engine := range engines {
		wg.Go(func() {
			got, err := readEngineJobs(t.Context(), c, engine)
			if err != nil || !slices.Equal(got.Items, ids(3000)) || got.Requests != 30 {
				t.Errorf("engine %s: %d jobs in %d requests, %v", engine, len(got.Items), got.Requests, err)
			}
		})
	}
	if err := e.WaitInFlight(t.Context(), "", pagesPerProvider); err != nil {
		t.Fatal(err)
	}
	for _, engine := range engines {
		if now, _ := e.InFlight(engineJobsPath(engine)); now > pagesAhead {
			t.Errorf("engine %s: %d pages in flight, more than %d", engine, now, pagesAhead)
		}
	}
	close(hold)
	wg.Wait()
	if _, most := e.InFlight(""); most != pagesPerProvider {
		t.Errorf("%d requests in flight at most, want %d", most, pagesPerProvider)
	}
	for _, engine := range engines {
		if _, most := e.InFlight(engineJobsPath(engine)); most > pagesAhead {
			t.Errorf("engine %s: %d pages in flight at most, more than %d", engine, most, pagesAhead)
		}
		if n := e.Count(engineJobsPath(engine)); n != 30 {
			t.Errorf("engine %s: %d requests, want 30", engine, n)
		}
	}
}

// A 429 that the client's retries get past (here the second page's, which
// would have shown that offset counts records and let the read go parallel) drops the read to one page at a time:
// through the client, the retry layer tells the read. Without it the same
// read has 8 pages in flight (TestReadPagesProviderBound).
func TestReadPagesThrottledThroughTheClient(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.GenerateCSEJobs("a", 3000)
	e.Inject(emulator.Fault{Path: engineJobsPath("a"), Status: 429, After: 1, Times: 1})
	got, err := readEngineJobs(t.Context(), emulatorClient(base), "a")
	if err != nil || !slices.Equal(got.Items, ids(3000)) || got.Requests != 30 {
		t.Fatalf("%d jobs in %d requests: %v", len(got.Items), got.Requests, err)
	}
	// 30 pages and the one retry, one at a time.
	if n, status := e.Count(""), e.Requests()[1].Status; n != 31 || status != 429 {
		t.Fatalf("%d requests, the second answered %d; want 31 and 429", n, status)
	}
	if _, most := e.InFlight(""); most != 1 {
		t.Fatalf("%d requests in flight at most, want 1", most)
	}
}

// Cancelling a read stops all its requests at once: the 8 the emulator
// holds all end (499) as soon as the context does, and none is sent after.
func TestReadPagesCancelThroughTheClient(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.GenerateCSEJobs("a", 3000)
	// The first two pages show that offset counts records (page 100 of 30
	// would be empty); the 8 asked for with the third are all held.
	e.Inject(emulator.Fault{Path: engineJobsPath("a"), Hold: make(chan struct{}), After: 2})
	c := emulatorClient(base)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := readEngineJobs(ctx, c, "a")
		done <- err
	}()
	if err := e.WaitInFlight(t.Context(), "", pagesAhead); err != nil {
		t.Fatal(err)
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if err := e.WaitLogged(t.Context(), 2+pagesAhead); err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, r := range e.Requests() {
		if r.Status == 499 {
			held++
		}
	}
	if now, most := e.InFlight(""); now != 0 || most != pagesAhead || held != pagesAhead || e.Count("") != 2+pagesAhead {
		t.Fatalf("%d in flight, %d at most, %d ended by the client of %d requests; want 0, %d, %d of %d",
			now, most, held, e.Count(""), pagesAhead, pagesAhead, 2+pagesAhead)
	}
}
