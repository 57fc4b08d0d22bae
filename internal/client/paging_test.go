package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// server is a list of n records served with a total that may lie and pages
// that may repeat.
func server(records []string, total int, repeat bool) (func(context.Context, int, int) (Page[string], error), *atomic.Int64) {
	var calls atomic.Int64
	return func(_ context.Context, offset, limit int) (Page[string], error) {
		calls.Add(1)
		if repeat {
			offset = 0
		}
		end := min(offset+limit, len(records))
		if offset > len(records) {
			offset = end
		}
		return page(records[offset:end], total, true), nil
	}, &calls
}

// ways are the sequential read and the parallel one, which must agree.
var ways = []struct {
	name  string
	ahead int
}{{"sequential", 1}, {"parallel", pagesAhead}}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("job-%03d", i)
	}
	return out
}

func id(s string) string { return s }

func TestReadPages(t *testing.T) {
	tests := []struct {
		name         string
		records      int
		total        int
		repeat       bool
		wantItems    int
		wantRequests int
		wantWarning  string
	}{
		{"exact pages stop at total without an empty request", 230, 230, false, 230, 3, ""},
		{"a multiple of the limit", 200, 200, false, 200, 2, ""},
		{"one short page", 7, 7, false, 7, 1, ""},
		{"empty", 0, 0, false, 0, 1, ""},
		{"overstated total ends at the empty page", 1, 100, false, 1, 2, "reported 100 records but returned 1"},
		{"repeated page ends the read", 300, 300, true, 100, 2, "repeated a page at offset 100"},
		{"understated total is trusted", 300, 150, false, 200, 2, ""},
	}
	for _, tt := range tests {
		for _, way := range ways {
			t.Run(tt.name+", "+way.name, func(t *testing.T) {
				fetch, calls := server(names(tt.records), tt.total, tt.repeat)
				got, err := readPages(context.Background(), way.ahead, 100, id, fetch)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Items) != tt.wantItems || int(calls.Load()) != tt.wantRequests || got.Requests != tt.wantRequests {
					t.Fatalf("%d items in %d requests, want %d in %d", len(got.Items), calls.Load(), tt.wantItems, tt.wantRequests)
				}
				if !strings.Contains(got.Warning, tt.wantWarning) || (tt.wantWarning == "") != (got.Warning == "") {
					t.Fatalf("warning %q, want %q", got.Warning, tt.wantWarning)
				}
			})
		}
	}
}

// A server that invents new records forever is stopped by the request cap.
func TestReadPagesEndlessServer(t *testing.T) {
	var calls atomic.Int64
	got, err := ReadPages(context.Background(), 100, id, func(_ context.Context, o, l int) (Page[string], error) {
		calls.Add(1)
		p := page(names(o + l)[o:], 1000, true)
		if o >= 900 {
			p = page(p.Items, 1_000_000, true) // later pages claim more; the first total rules
		}
		return p, nil
	})
	if err != nil || calls.Load() != 10 || len(got.Items) != 1000 || got.Warning != "" {
		t.Fatalf("%d calls, %d items, %q, %v", calls.Load(), len(got.Items), got.Warning, err)
	}
}

func TestReadPagesDeduplicates(t *testing.T) {
	pages := [][]string{{"a", "b", "c"}, {"c", "d", "e"}}
	var calls atomic.Int64
	got, err := ReadPages(context.Background(), 3, id, func(_ context.Context, offset, limit int) (Page[string], error) {
		calls.Add(1)
		return page(pages[offset/3], 6, true), nil
	})
	if err != nil || strings.Join(got.Items, "") != "abcde" || calls.Load() != 2 {
		t.Fatalf("%v in %d calls: %v", got.Items, calls.Load(), err)
	}
}

func TestReadPagesError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ReadPages(context.Background(), 10, id, func(context.Context, int, int) (Page[string], error) { return Page[string]{}, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}

// listAPI serves records the ways the list APIs may: a cap on limit, offset
// as records or as a page number from 0 or from 1, with or without total.
type listAPI struct {
	records   []string
	maxLimit  int // 0: limit honoured
	pageBase  int // -1: offset counts records; 0 or 1: the first page number
	omitTotal bool
	total     int // the total reported; 0 is the number of records

	mu      sync.Mutex
	offsets []int // asked, in order
}

func (s *listAPI) fetch(_ context.Context, offset, limit int) (Page[string], error) {
	s.mu.Lock()
	s.offsets = append(s.offsets, offset)
	s.mu.Unlock()
	if s.maxLimit > 0 && limit > s.maxLimit {
		limit = s.maxLimit
	}
	from := offset
	if s.pageBase >= 0 {
		from = max(offset-s.pageBase, 0) * limit
	}
	from = min(from, len(s.records))
	to := min(from+limit, len(s.records))
	total := cmp.Or(s.total, len(s.records))
	return page(s.records[from:to], total, !s.omitTotal), nil
}

// page is a page of items with a total, or without one when !counted.
func page(items []string, total int, counted bool) Page[string] {
	if !counted {
		return Page[string]{Items: items}
	}
	return Page[string]{Items: items, Total: &total}
}

// seq is from, from+1, ..., to without the numbers of skip.
func seq(from, to int, skip ...int) []int {
	var out []int
	for i := from; i <= to; i++ {
		if !slices.Contains(skip, i) {
			out = append(out, i)
		}
	}
	return out
}

// by20 is 0, 20, 40, ... up to last: the record offsets of pages of 20.
func by20(last int) []int {
	var out []int
	for i := 0; i <= last; i += 20 {
		out = append(out, i)
	}
	return out
}

func join(parts ...[]int) []int { return slices.Concat(parts...) }

// Every way of paging gives the full list, in the API's order, without a
// warning and with at most two requests more than the pages of the list.
func TestReadPagesFollowsTheServer(t *testing.T) {
	const records, pages0, pages1 = -1, 0, 1
	tests := []struct {
		name        string
		n, maxLimit int
		pageBase    int
		omitTotal   bool
		wantOffsets []int
	}{
		{"records, limit capped to 20", 250, 20, records, false, by20(240)},
		{"records, capped, a multiple of the page", 240, 20, records, false, by20(220)},
		{"0-based pages of 20", 250, 20, pages0, false, join([]int{0, 20, 1}, seq(2, 12))},
		{"1-based pages of 20", 250, 20, pages1, false, join([]int{0, 20, 1}, seq(2, 13))},
		// Without a total the read ends at a short page, and asks
		// offset=1 in case that was a page number: records 1 to 20 are
		// neither new nor the first page.
		{"records without total", 250, 20, records, true, join(by20(240), []int{1})},
		// Or at an empty page after full ones.
		{"records without total, a multiple of the page", 240, 20, records, true, join(by20(240), []int{1})},
		{"0-based pages of 100", 250, 0, pages0, false, []int{0, 100, 1, 2}},
		{"1-based pages of 100", 250, 0, pages1, false, []int{0, 100, 1, 2, 3}},
		{"0-based, two pages", 25, 20, pages0, false, []int{0, 20, 1}},
		{"1-based, two pages", 25, 20, pages1, false, []int{0, 20, 1, 2}},
		{"0-based, 20 pages of 20", 400, 20, pages0, false, join([]int{0, 20, 1}, seq(2, 19))},
		// Record offsets that are pages of the list: pages 20 and 21 are
		// read first, then the others; the list keeps the API's order.
		{"0-based, 21 pages of 20", 401, 20, pages0, false, join([]int{0, 20, 21, 1}, seq(2, 19))},
		{"0-based, 50 pages of 20", 1000, 20, pages0, false, join([]int{0, 20, 40, 60, 1}, seq(2, 49, 20, 40))},
		{"1-based, 50 pages of 20", 1000, 20, pages1, false, join([]int{0, 20, 40, 60, 1}, seq(2, 50, 20, 40))},
		{"0-based pages of one", 5, 1, pages0, false, seq(0, 4)},
		{"1-based pages of one", 5, 1, pages1, false, join([]int{0}, seq(1, 5))},
		{"0-based without total", 250, 20, pages0, true, join([]int{0, 20, 1}, seq(2, 12))},
		{"1-based without total", 250, 20, pages1, true, join([]int{0, 20, 1}, seq(2, 13))},
		// Without a total, record offset 20 is page 20 of 21, the last
		// and short: only offset=1 tells that this is not the end.
		{"0-based without total, 21 pages of 20", 401, 20, pages0, true, join([]int{0, 20, 1}, seq(2, 19))},
		{"1-based without total, 20 pages of 20", 399, 20, pages1, true, join([]int{0, 20, 1}, seq(2, 19))},
		{"one short page", 7, 0, records, false, []int{0}},
	}
	for _, tt := range tests {
		for _, way := range ways {
			t.Run(tt.name+", "+way.name, func(t *testing.T) {
				api := &listAPI{records: names(tt.n), maxLimit: tt.maxLimit, pageBase: tt.pageBase, omitTotal: tt.omitTotal}
				got, err := readPages(context.Background(), way.ahead, 100, id, api.fetch)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got.Items, names(tt.n)) || got.Warning != "" {
					t.Errorf("%d items (warning %q), want %d in order without a warning", len(got.Items), got.Warning, tt.n)
				}
				// In parallel, the same requests, in an order of their own.
				if !sameOffsets(api.offsets, tt.wantOffsets, way.ahead == 1) || got.Requests != len(tt.wantOffsets) {
					t.Errorf("%d requests at offsets %v, want %v", got.Requests, api.offsets, tt.wantOffsets)
				}
				if got.Total != tt.n {
					t.Errorf("total %d, want %d", got.Total, tt.n)
				}
			})
		}
	}
}

// sameOffsets compares the offsets asked with those wanted: in order, or as
// a multiset.
func sameOffsets(got, want []int, ordered bool) bool {
	if !ordered {
		got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	}
	return slices.Equal(got, want)
}

// Records still missing at the end give a warning, and the offset=1 request
// is the only one beyond the pages the total implies plus one.
func TestReadPagesFollowsTheServerWarnings(t *testing.T) {
	const records, pages0 = -1, 0
	tests := []struct {
		name        string
		api         func() *listAPI
		wantItems   int
		wantOffsets []int
		// extra are the offsets a parallel read may also ask for: pages
		// asked ahead before a short page showed the list's end.
		extra       []int
		wantWarning string
	}{
		{
			name: "records capped, total overstated",
			api:  func() *listAPI { return &listAPI{records: names(50), maxLimit: 20, pageBase: records, total: 100} },
			// offset=1 brings neither new records nor the first page.
			wantItems: 50, wantOffsets: []int{0, 20, 40, 50, 1}, extra: []int{60, 80},
			wantWarning: "The API reported 100 records but returned 50; the list holds what was returned.",
		},
		{
			name:      "0-based pages, total overstated",
			api:       func() *listAPI { return &listAPI{records: names(250), maxLimit: 20, pageBase: pages0, total: 300} },
			wantItems: 250, wantOffsets: join([]int{0, 20, 1}, seq(2, 12)), extra: []int{13, 14},
			wantWarning: "The API reported 300 records but returned 250; the list holds what was returned.",
		},
		{
			name:      "0-based pages, total understated",
			api:       func() *listAPI { return &listAPI{records: names(250), maxLimit: 20, pageBase: pages0, total: 100} },
			wantItems: 100, wantOffsets: join([]int{0, 20, 1}, seq(2, 4)),
		},
	}
	for _, tt := range tests {
		for _, way := range ways {
			t.Run(tt.name+", "+way.name, func(t *testing.T) {
				api := tt.api()
				got, err := readPages(context.Background(), way.ahead, 100, id, api.fetch)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got.Items, names(tt.wantItems)) || got.Warning != tt.wantWarning || got.Requests != len(tt.wantOffsets) {
					t.Errorf("%d items in %d requests, warning %q; want %d in %d, %q",
						len(got.Items), got.Requests, got.Warning, tt.wantItems, len(tt.wantOffsets), tt.wantWarning)
				}
				if way.ahead == 1 && !slices.Equal(api.offsets, tt.wantOffsets) {
					t.Errorf("offsets %v, want %v", api.offsets, tt.wantOffsets)
				}
				// The extra pages are asked for ahead, before the short page
				// that shows the end comes back: some, all or none of them.
				extra, _ := withoutOffsets(api.offsets, tt.wantOffsets)
				if way.ahead > 1 && !subset(extra, tt.extra) {
					t.Errorf("offsets %v, want %v and at most %v", api.offsets, tt.wantOffsets, tt.extra)
				}
			})
		}
	}
}

// withoutOffsets is got without one of each of want, and whether every one
// of want was there.
func withoutOffsets(got, want []int) (rest []int, all bool) {
	rest = slices.Clone(got)
	all = true
	for _, w := range want {
		i := slices.Index(rest, w)
		if i < 0 {
			all = false
			continue
		}
		rest = slices.Delete(rest, i, i+1)
	}
	return rest, all
}

// subset reports whether every offset of a is in b, each at most once.
func subset(a, b []int) bool {
	rest, all := withoutOffsets(b, a)
	_ = rest
	return all
}

// A server without a total that sends full pages of new records forever is
// stopped after maxPagesWithoutTotal requests, with a warning.
func TestReadPagesEndlessServerWithoutTotal(t *testing.T) {
	var calls atomic.Int64
	got, err := ReadPages(context.Background(), 2, id, func(_ context.Context, offset, limit int) (Page[string], error) {
		calls.Add(1)
		return Page[string]{Items: []string{fmt.Sprint(offset), fmt.Sprint(offset + 1)}}, nil
	})
	want := "The API kept returning new records without a total; the read stopped after 10000 requests with 20000 records."
	if err != nil || calls.Load() != maxPagesWithoutTotal || len(got.Items) != 2*maxPagesWithoutTotal || got.Warning != want {
		t.Fatalf("%d calls, %d items, %q, %v", calls.Load(), len(got.Items), got.Warning, err)
	}
}

// A server that repeats a page without a total ends the read with a warning.
func TestReadPagesRepeatedPageWithoutTotal(t *testing.T) {
	var calls atomic.Int64
	got, err := ReadPages(context.Background(), 2, id, func(context.Context, int, int) (Page[string], error) {
		calls.Add(1)
		return Page[string]{Items: []string{"a", "b"}}, nil
	})
	want := "The API repeated a page at offset 2 (it reported no total); the read stopped there with 2 records."
	if err != nil || calls.Load() != 2 || strings.Join(got.Items, "") != "ab" || got.Warning != want || got.Total != 2 {
		t.Fatalf("%d calls, %v, total %d, %q, %v", calls.Load(), got.Items, got.Total, got.Warning, err)
	}
}

// Every combination of list length, cap on limit, meaning of offset and
// total gives the full list in order, without a warning, in at most two
// requests more than a reader that knew the server's way would need.
func TestReadPagesEveryWay(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5, 19, 20, 21, 39, 40, 41, 99, 100, 101, 250, 399, 400, 401, 810, 1000, 10001} {
		for _, maxLimit := range []int{0, 1, 7, 20, 100} {
			for _, pageBase := range []int{-1, 0, 1} {
				for _, omitTotal := range []bool{false, true} {
					if maxLimit == 1 && n > 1000 {
						continue
					}
					api := &listAPI{records: names(n), maxLimit: maxLimit, pageBase: pageBase, omitTotal: omitTotal}
					got, err := ReadPages(context.Background(), 100, id, api.fetch)
					if err != nil {
						t.Fatal(err)
					}
					// The parallel read asks for exactly the pages of the
					// sequential one.
					sequential := &listAPI{records: names(n), maxLimit: maxLimit, pageBase: pageBase, omitTotal: omitTotal}
					want, err := readPages(context.Background(), 1, 100, id, sequential.fetch)
					if err != nil {
						t.Fatal(err)
					}
					if !sameOffsets(api.offsets, sequential.offsets, false) || got.Requests != want.Requests {
						t.Errorf("%d records, %d a page, page base %d, no total %v: offsets %v in parallel, %v in sequence",
							n, maxLimit, pageBase, omitTotal, api.offsets, sequential.offsets)
					}
					size := cmp.Or(maxLimit, 100)
					// The pages, and without a total the empty page
					// after full ones (a first page is never short).
					minimum := max((n+size-1)/size, 1)
					if omitTotal && n > 0 && (n%size == 0 || n < size) {
						minimum++
					}
					if !slices.Equal(got.Items, names(n)) || got.Warning != "" || got.Requests > minimum+2 || got.Total != n {
						t.Errorf("%d records, %d a page, page base %d, no total %v: %d items (total %d) in %d requests, warning %q; want all in at most %d",
							n, size, pageBase, omitTotal, len(got.Items), got.Total, got.Requests, got.Warning, minimum+2)
					}
				}
			}
		}
	}
}
