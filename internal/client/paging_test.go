package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// server is a list of n records served with a total that may lie and pages
// that may repeat.
func server(records []string, total int, repeat bool) (func(context.Context, int, int) (Page[string], error), *int) {
	calls := 0
	return func(_ context.Context, offset, limit int) (Page[string], error) {
		calls++
		if repeat {
			offset = 0
		}
		end := min(offset+limit, len(records))
		if offset > len(records) {
			offset = end
		}
		return Page[string]{Items: records[offset:end], Total: total}, nil
	}, &calls
}

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
		t.Run(tt.name, func(t *testing.T) {
			fetch, calls := server(names(tt.records), tt.total, tt.repeat)
			got, err := ReadPages(context.Background(), 100, id, fetch)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != tt.wantItems || *calls != tt.wantRequests || got.Requests != tt.wantRequests {
				t.Fatalf("%d items in %d requests, want %d in %d", len(got.Items), *calls, tt.wantItems, tt.wantRequests)
			}
			if !strings.Contains(got.Warning, tt.wantWarning) || (tt.wantWarning == "") != (got.Warning == "") {
				t.Fatalf("warning %q, want %q", got.Warning, tt.wantWarning)
			}
		})
	}
}

// A server that invents new records forever is stopped by the request cap.
func TestReadPagesEndlessServer(t *testing.T) {
	calls := 0
	fetch := func(_ context.Context, offset, limit int) (Page[string], error) {
		calls++
		return Page[string]{Items: names(offset + limit)[offset:], Total: 1000}, nil
	}
	got, err := ReadPages(context.Background(), 100, id, func(ctx context.Context, o, l int) (Page[string], error) {
		p, err := fetch(ctx, o, l)
		if o >= 900 {
			p.Total = 1_000_000 // later pages claim more; the first total rules
		}
		return p, err
	})
	if err != nil || calls != 10 || len(got.Items) != 1000 || got.Warning != "" {
		t.Fatalf("%d calls, %d items, %q, %v", calls, len(got.Items), got.Warning, err)
	}
}

func TestReadPagesDeduplicates(t *testing.T) {
	pages := [][]string{{"a", "b", "c"}, {"c", "d", "e"}}
	calls := 0
	got, err := ReadPages(context.Background(), 3, id, func(_ context.Context, offset, limit int) (Page[string], error) {
		calls++
		return Page[string]{Items: pages[offset/3], Total: 6}, nil
	})
	if err != nil || strings.Join(got.Items, "") != "abcde" || calls != 2 {
		t.Fatalf("%v in %d calls: %v", got.Items, calls, err)
	}
}

func TestReadPagesError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ReadPages(context.Background(), 10, id, func(context.Context, int, int) (Page[string], error) { return Page[string]{}, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}
