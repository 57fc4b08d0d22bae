package client

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// Page is one page of a list: its records and the total the API reports,
// nil when the response has none.
type Page[T any] struct {
	Items []T
	Total *int
}

// Paged is the result of reading every page of a list.
type Paged[T any] struct {
	Items []T
	// Total is the total of the first page, or the number of records read
	// when the API reports none.
	Total    int
	Requests int    // pages asked for
	Warning  string // why the list may be incomplete, if it may
}

// maxPagesWithoutTotal bounds a read whose API reports no total and keeps
// sending full pages of new records: 10,000 pages of the smallest page size
// anyone caps limit to are more records than a job list holds.
const maxPagesWithoutTotal = 10_000

// ReadPages reads every page of a list, asking limit records a page. Records
// are de-duplicated by key and keep the API's order.
//
// It follows what the server does, not what was asked (SPEC "Values", rev. 2):
//   - the pages expected come from the size of the pages returned, so a
//     server that caps limit below what was asked still gives every record;
//   - without a total, the read goes on until a page is empty or shorter
//     than the page before it;
//   - offset is sent as a record offset, as the official provider does,
//     although the CSE and DLF pages call it a page number. When a page
//     after the first comes back empty while the total says records remain,
//     offset=1 is asked: new records mean page numbers from 0, the first
//     page again means page numbers from 1, and the read goes on with
//     offset=2, 3, ... Neither means record offsets: the read ends there.
//
// The detection does not also check that the second page holds "the records
// expected": no record says where it belongs in the list, and it need not.
// For pages of S records, record offsets S, 2S, ... sent to a page-number
// server ask for pages S, 2S, ... of the list: real records, which are kept,
// put in their place at the end, and not asked for again once page numbers
// are known. With a total, such offsets soon pass the last page and that
// empty page starts the detection as usual, at no extra cost. Without a
// total, the last page read that way may be short, which also ends a list of
// record offsets, so there the read that ends on a short or empty page after
// the first asks offset=1 too.
//
// What it costs beyond the requests of a reader that knew the server's way:
// nothing for record offsets with a total, one request (offset=1) for record
// offsets without a total and for page numbers from 0, two for page numbers
// from 1 (offset=1, and offset=0 that was the first page too).
//
// It never trusts the server blindly: a page that adds nothing new ends the
// read (the offset=1 request excepted), and no more pages are asked than the
// total implies plus one, plus the offset=1 request, so a server that repeats
// pages or overstates its total ends with a warning instead of a loop. A
// warning is given only when records are still missing at the end.
func ReadPages[T any](ctx context.Context, limit int, key func(T) string,
	fetch func(ctx context.Context, offset, limit int) (Page[T], error),
) (Paged[T], error) {
	r := &pageReader[T]{limit: limit, key: key, fetch: fetch, seen: map[string]bool{}, returned: map[int]int{}}
	err := r.read(ctx)
	return r.result(), err
}

// pageReader is the state of one ReadPages.
type pageReader[T any] struct {
	limit int
	key   func(T) string
	fetch func(ctx context.Context, offset, limit int) (Page[T], error)

	seen     map[string]bool
	kept     []placed[T]
	returned map[int]int // records returned at each offset asked
	first    []string    // keys of the first page, to know it again

	total    int
	counted  bool // the first page reported a total
	size     int  // records a page: the first page's
	smallest int  // the smallest page returned that had records
	requests int
	probed   bool // offset=1 was asked to tell record offsets from page numbers
	base     int  // -1 while offsets count records, else the first page number
	warning  string
}

// placed is a record kept with the offset it came at and its index there.
type placed[T any] struct {
	item          T
	offset, index int
}

// get asks for the page at offset and keeps its new records. It returns the
// number of records returned and of new ones among them.
func (r *pageReader[T]) get(ctx context.Context, offset int) (n, added int, keys []string, err error) {
	page, err := r.fetch(ctx, offset, r.limit)
	if err != nil {
		return 0, 0, nil, err
	}
	r.requests++
	if r.requests == 1 && page.Total != nil {
		r.total, r.counted = *page.Total, true
		// Room for the whole list at once: a large list grows no slice.
		if size := min(max(r.total, 0), maxPresized); size > len(r.kept) {
			r.kept = slices.Grow(r.kept, size-len(r.kept))
		}
	}
	for i, item := range page.Items {
		k := r.key(item)
		keys = append(keys, k)
		if r.seen[k] {
			continue
		}
		r.seen[k] = true
		r.kept = append(r.kept, placed[T]{item, offset, i})
		added++
	}
	n = len(page.Items)
	r.returned[offset] = n
	if n > 0 && (r.smallest == 0 || n < r.smallest) {
		r.smallest = n
	}
	return n, added, keys, nil
}

// maxPresized bounds the room made for a list from its reported total, which
// a faulty API might overstate.
const maxPresized = 100000

// maxRequests is the most requests the read may take: the pages the total
// implies at the smallest page size seen, plus one, plus the offset=1
// request.
func (r *pageReader[T]) maxRequests() int {
	n := maxPagesWithoutTotal
	if r.counted {
		size := max(r.smallest, 1)
		n = r.total/size + 1
		if r.total%size != 0 {
			n++
		}
	}
	if r.probed {
		n++
	}
	return n
}

func (r *pageReader[T]) read(ctx context.Context) error {
	r.base = -1
	n, _, keys, err := r.get(ctx, 0)
	if err != nil || n == 0 {
		return err
	}
	r.first, r.size = keys, n
	offset, previous := n, n
	for {
		if r.counted && offset >= r.total {
			return nil
		}
		if r.requests >= r.maxRequests() {
			r.warnEndless()
			return nil
		}
		n, added, keys, err := r.get(ctx, offset)
		if err != nil {
			return err
		}
		if offset == 1 && slices.Equal(keys, r.first) {
			// Pages of one record: this is the offset=1 request, and
			// it says page numbers from 1.
			r.probed = true
			return r.readPageNumbers(ctx, 1)
		}
		switch {
		case n == 0:
			return r.probe(ctx)
		case added == 0:
			r.warnRepeated(offset)
			return nil
		case !r.counted && n < previous:
			// Without a total, a short page at a record offset
			// that is also a page number may be the last page of a
			// longer list: offset=1 tells.
			return r.probe(ctx)
		}
		offset += n
		previous = n
	}
}

// probe asks offset=1 after an empty page that the total did not expect, or
// without a total after an empty or short page, and goes on with page
// numbers if that is what offset means.
func (r *pageReader[T]) probe(ctx context.Context) error {
	if _, asked := r.returned[1]; asked {
		return nil // pages of one record: offset 1 was a record offset
	}
	r.probed = true
	_, added, keys, err := r.get(ctx, 1)
	switch {
	case err != nil:
		return err
	case slices.Equal(keys, r.first):
		return r.readPageNumbers(ctx, 1)
	case added > 0:
		return r.readPageNumbers(ctx, 0)
	}
	return nil
}

// readPageNumbers reads the pages after page 1 (of pages numbered from
// base): 2, 3, ... skipping those asked already as record offsets.
func (r *pageReader[T]) readPageNumbers(ctx context.Context, base int) error {
	r.base = base
	end := r.end()
	for p := 2; p <= end; p++ {
		if r.counted && (p-base)*r.size >= r.total {
			return nil
		}
		if _, asked := r.returned[p]; asked {
			continue
		}
		if r.requests >= r.maxRequests() {
			r.warnEndless()
			return nil
		}
		n, added, _, err := r.get(ctx, p)
		switch {
		case err != nil:
			return err
		case n == 0:
			return nil
		case added == 0:
			r.warnRepeated(p)
			return nil
		case n < r.size:
			return nil
		}
	}
	return nil
}

// end is the smallest offset asked so far, from 1 on, whose page was empty
// or short: as a page number, the last page of the list or past it.
func (r *pageReader[T]) end() int {
	end := math.MaxInt
	for offset, n := range r.returned {
		if offset >= 1 && n < r.size {
			end = min(end, offset)
		}
	}
	return end
}

func (r *pageReader[T]) warnRepeated(offset int) {
	r.warning = fmt.Sprintf("The API repeated a page at offset %d (%s); the read stopped there with %d records.",
		offset, r.reported(), len(r.kept))
}

func (r *pageReader[T]) warnEndless() {
	if r.counted {
		r.warning = fmt.Sprintf("The API kept returning records past its reported total of %d; the read stopped after %d requests with %d records.",
			r.total, r.requests, len(r.kept))
		return
	}
	r.warning = fmt.Sprintf("The API kept returning new records without a total; the read stopped after %d requests with %d records.",
		r.requests, len(r.kept))
}

func (r *pageReader[T]) reported() string {
	if r.counted {
		return fmt.Sprintf("it reported %d records", r.total)
	}
	return "it reported no total"
}

// result puts the records in the API's order: by the place of their page in
// the list, which for page numbers is known only at the end.
func (r *pageReader[T]) result() Paged[T] {
	place := func(offset int) int {
		if r.base < 0 {
			return offset
		}
		return max(offset-r.base, 0) * r.size
	}
	slices.SortStableFunc(r.kept, func(a, b placed[T]) int {
		return cmp.Or(cmp.Compare(place(a.offset), place(b.offset)), cmp.Compare(a.index, b.index))
	})
	out := Paged[T]{Total: r.total, Requests: r.requests, Warning: r.warning, Items: make([]T, 0, len(r.kept))}
	for _, p := range r.kept {
		out.Items = append(out.Items, p.item)
	}
	if !r.counted {
		out.Total = len(out.Items)
	}
	if out.Warning == "" && r.counted && len(out.Items) < r.total {
		out.Warning = fmt.Sprintf("The API reported %d records but returned %d; the list holds what was returned.", r.total, len(out.Items))
	}
	return out
}
