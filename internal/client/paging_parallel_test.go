package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// misbehaving serves records 20 a page at record offsets, with a total that
// may lie and pages that may come back as another page.
type misbehaving struct {
	records []string
	total   int
	// as maps an offset to the offset whose page is answered instead.
	as map[int]int

	mu      sync.Mutex
	offsets []int
}

func (s *misbehaving) fetch(_ context.Context, offset, limit int) (Page[string], error) {
	s.mu.Lock()
	s.offsets = append(s.offsets, offset)
	s.mu.Unlock()
	if o, ok := s.as[offset]; ok {
		offset = o
	}
	limit = min(limit, 20)
	from := min(offset, len(s.records))
	to := min(from+limit, len(s.records))
	return page(s.records[from:to], s.total, true), nil
}

// Against servers that repeat pages or misstate their total, the parallel
// read gives the list, the total, the warning and the request count of the
// sequential read, and asks for at most the pages it had asked ahead beyond
// the sequential read's pages.
func TestReadPagesInParallelAsInSequence(t *testing.T) {
	tests := []struct {
		name    string
		records int
		total   int
		as      map[int]int
	}{
		{"a page in the middle repeats the one before", 1000, 1000, map[int]int{500: 480}},
		{"a page in the middle is the first again", 1000, 1000, map[int]int{300: 0}},
		{"the last pages repeat", 1000, 1000, map[int]int{960: 940, 980: 940}},
		{"total overstated", 990, 2000, nil},
		{"total overstated by a page", 1000, 1020, nil},
		{"total understated", 1000, 500, nil},
		{"a page comes back short", 1000, 1000, map[int]int{400: 990}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sequential := &misbehaving{records: names(tt.records), total: tt.total, as: tt.as}
			want, err := readPages(context.Background(), 1, 100, id, sequential.fetch)
			if err != nil {
				t.Fatal(err)
			}
			parallel := &misbehaving{records: names(tt.records), total: tt.total, as: tt.as}
			got, err := ReadPages(context.Background(), 100, id, parallel.fetch)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Items, want.Items) || got.Total != want.Total || got.Warning != want.Warning || got.Requests != want.Requests {
				t.Fatalf("parallel: %d items, total %d, %d requests, %q; sequential: %d, %d, %d, %q",
					len(got.Items), got.Total, got.Requests, got.Warning, len(want.Items), want.Total, want.Requests, want.Warning)
			}
			extra, all := withoutOffsets(parallel.offsets, sequential.offsets)
			if !all || len(extra) > pagesAhead-1 {
				t.Fatalf("offsets %v in parallel, %v in sequence: %d more than pagesAhead-1 allows", parallel.offsets, sequential.offsets, len(extra))
			}
			t.Logf("%d items, warning %q, %d requests in sequence, %d more in parallel", len(got.Items), got.Warning, len(sequential.offsets), len(extra))
		})
	}
}

// A list that grows while it is read, 10 jobs inserted at index 400 once
// some pages were answered: no job twice, every job before the insertion
// point there and in order, and nothing that was never in the list.
func TestReadPagesGrowingList(t *testing.T) {
	for _, after := range []int{3, 6, 12, 30} {
		t.Run(fmt.Sprintf("after %d pages", after), func(t *testing.T) {
			var mu sync.Mutex
			records, answered := names(1000), 0
			added := make([]string, 10)
			for i := range added {
				added[i] = fmt.Sprintf("new-%d", i)
			}
			got, err := ReadPages(context.Background(), 100, id, func(_ context.Context, offset, limit int) (Page[string], error) {
				mu.Lock()
				defer mu.Unlock()
				if answered++; answered == after {
					records = slices.Concat(records[:400], added, records[400:])
				}
				limit = min(limit, 20)
				from := min(offset, len(records))
				return page(slices.Clone(records[from:min(from+limit, len(records))]), len(records), true), nil
			})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, item := range got.Items {
				if seen[item] {
					t.Fatalf("%s twice", item)
				}
				seen[item] = true
			}
			if !slices.Equal(got.Items[:400], names(400)) {
				t.Fatalf("the first 400 jobs are not those before the insertion point, in order: %v", got.Items[:400])
			}
			all := slices.Concat(names(1000), added)
			for _, item := range got.Items {
				if !slices.Contains(all, item) {
					t.Fatalf("%s was never in the list", item)
				}
			}
		})
	}
}

// Records without an id are all kept; a page of them equal to the one
// before ends the read as a repeated page.
func TestReadPagesRecordsWithoutID(t *testing.T) {
	type rec struct{ ID, Name string }
	key := func(r rec) string { return r.ID }
	pages := map[int][]rec{
		0: {{"1", "a"}, {"", "x"}, {"", "x"}},
		3: {{"", "x"}, {"2", "b"}, {"", "y"}},
		6: {{"", "z"}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			got, err := readPages(context.Background(), way.ahead, 3, key, func(_ context.Context, offset, _ int) (Page[rec], error) {
				total := 7
				return Page[rec]{Items: pages[offset], Total: &total}, nil
			})
			want := []rec{{"1", "a"}, {"", "x"}, {"", "x"}, {"", "x"}, {"2", "b"}, {"", "y"}, {"", "z"}}
			if err != nil || !slices.Equal(got.Items, want) || got.Warning != "" {
				t.Fatalf("%v, %q, %v; want %v", got.Items, got.Warning, err, want)
			}

			repeated := []rec{{"", "x"}, {"", "y"}}
			var calls atomic.Int64
			got, err = readPages(context.Background(), way.ahead, 2, key, func(context.Context, int, int) (Page[rec], error) {
				calls.Add(1)
				return Page[rec]{Items: repeated}, nil
			})
			wantWarning := "The API repeated a page at offset 2 (it reported no total); the read stopped there with 2 records."
			if err != nil || !slices.Equal(got.Items, repeated) || got.Warning != wantWarning || calls.Load() != 2 {
				t.Fatalf("%v in %d calls, %q, %v", got.Items, calls.Load(), got.Warning, err)
			}
		})
	}
}

// gatedAPI serves 1000 records 20 a page at record offsets, the first four
// pages (which show that offset counts records) at once and each other only when the test lets it through, and
// counts the requests in flight.
type gatedAPI struct {
	arrived chan int      // the offset of each request that waits
	gate    chan struct{} // one receive lets one request through
	// throttleAt, if set, is the offset whose answer the retries saw as a
	// 429 first.
	throttleAt int

	now, most atomic.Int64
	mu        sync.Mutex
	after429  []int64 // requests in flight when each request after the 429 arrived
	throttled bool
}

func newGatedAPI() *gatedAPI {
	return &gatedAPI{arrived: make(chan int, 1000), gate: make(chan struct{})}
}

func (s *gatedAPI) fetch(ctx context.Context, offset, limit int) (Page[string], error) {
	n := s.now.Add(1)
	defer s.now.Add(-1)
	for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
	}
	s.mu.Lock()
	if s.throttled {
		s.after429 = append(s.after429, n)
	}
	s.mu.Unlock()
	if offset >= 80 {
		s.arrived <- offset
		select {
		case <-s.gate:
		case <-ctx.Done():
			return Page[string]{}, ctx.Err()
		}
	}
	if s.throttleAt > 0 && offset == s.throttleAt {
		throttled(ctx)
		s.mu.Lock()
		s.throttled = true
		s.mu.Unlock()
	}
	records := names(1000)
	from := min(offset, len(records))
	return page(records[from:min(from+min(limit, 20), len(records))], len(records), true), nil
}

// A read has at most pagesAhead pages asked for and not yet used: with
// every answer held, 8 requests arrive, and each answer lets one more in.
func TestReadPagesAheadBound(t *testing.T) {
	api := newGatedAPI()
	done := make(chan error, 1)
	go func() {
		got, err := ReadPages(t.Context(), 100, id, api.fetch)
		if err == nil && !slices.Equal(got.Items, names(1000)) {
			err = fmt.Errorf("%d items", len(got.Items))
		}
		done <- err
	}()
	var first []int
	for range pagesAhead {
		first = append(first, <-api.arrived)
	}
	slices.Sort(first)
	if want := []int{80, 100, 120, 140, 160, 180, 200, 220}; !slices.Equal(first, want) {
		t.Fatalf("the first requests held were at %v, want %v", first, want)
	}
	for range 1000/20 - 4 {
		api.gate <- struct{}{}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if most := api.most.Load(); most != pagesAhead {
		t.Fatalf("%d requests in flight at most, want %d", most, pagesAhead)
	}
}

// From a 429 on (seen by the retries of a request that then succeeded), a
// read asks for one page at a time: every request after it arrives alone.
func TestReadPagesThrottledReadsOnePageAtATime(t *testing.T) {
	api := newGatedAPI()
	api.throttleAt = 100
	go func() {
		// The first pages asked ahead are all in flight before any is
		// answered; then each request is answered as it arrives.
		for range pagesAhead {
			<-api.arrived
		}
		for range pagesAhead {
			api.gate <- struct{}{}
		}
		for range api.arrived {
			api.gate <- struct{}{}
		}
	}()
	got, err := ReadPages(t.Context(), 100, id, api.fetch)
	close(api.arrived)
	if err != nil || !slices.Equal(got.Items, names(1000)) || got.Requests != 50 {
		t.Fatalf("%d items in %d requests: %v", len(got.Items), got.Requests, err)
	}
	if most := api.most.Load(); most != pagesAhead {
		t.Fatalf("at most %d requests in flight before the 429, want %d", most, pagesAhead)
	}
	// The pages asked ahead before the 429 (up to 240) were already in flight.
	var alone int
	for _, n := range api.after429 {
		if n == 1 {
			alone++
		}
	}
	if n := len(api.after429); n == 0 || alone < n-(pagesAhead-1) {
		t.Fatalf("after the 429, requests arrived with %v in flight: want one at a time but for those already asked", api.after429)
	}
}

// Cancelling the read stops every request in flight at once: ReadPages
// returns the cancellation, with no request left running.
func TestReadPagesCancelStopsEveryRequest(t *testing.T) {
	api := newGatedAPI()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := ReadPages(ctx, 100, id, api.fetch)
		done <- err
	}()
	for range pagesAhead {
		<-api.arrived
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if n := api.now.Load(); n != 0 {
		t.Fatalf("%d requests still in flight after ReadPages returned", n)
	}
}
