package client

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-retryablehttp"
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
	Total int
	// Requests are the pages the read used: those a sequential read asks
	// for. Against a server that repeats pages or overstates its total, a
	// parallel read may have asked for up to pagesAhead-1 more.
	Requests int
	Warning  string // why the list may be incomplete, if it may
}

// maxPagesWithoutTotal bounds a read whose API reports no total and keeps
// sending full pages of new records: 10,000 pages of the smallest page size
// anyone caps limit to are more records than a job list holds.
const maxPagesWithoutTotal = 10_000

const (
	// pagesAhead bounds the pages one read has asked for and not yet used
	// (SPEC "Values", rev. 3): a real region answers in 30 to 100 ms, and 8
	// at a time read 100 pages in about 15 round trips.
	pagesAhead = 8
	// pagesPerProvider bounds the page requests in flight across all the
	// reads of one provider, which Terraform runs up to 10 at a time, so
	// that a plan of many lists does not look like a flood to the API.
	pagesPerProvider = 16
)

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
// warning is given only when records are still missing at the end. Records
// whose key is "" have no id: they are all kept, and a page of them that
// equals the page before counts as a repeated page.
//
// Pages in parallel (rev. 3): the read above is the one that decides, page
// after page, and the pages it will ask for next, if every page is full of
// new records, are asked for ahead of it, at most pagesAhead per read (the
// page it waits for included) and pagesPerProvider per Client (through fetch's
// Client.Get). The read takes each page from those already asked for, so the
// list, its order, its de-duplication and its warnings are those of a
// sequential read; a page asked for ahead that the read does not use (a
// server that repeats pages or overstates its total) is the only request
// beyond a sequential read's. Pages are asked ahead only once the first two
// pages have shown the page size and the total, and, while offset may still
// be a page number, not past the first offset that may be the last page or
// past it: a page-number server answers that one short or empty (the
// sequential read asks for it too), and only new records at an offset past
// every page number show that offset counts records. Without a total, and
// from a 429 on (seen by the client's retries), pages are read one at a
// time. Cancelling ctx stops every request in flight, and ReadPages returns
// once none is.
func ReadPages[T any](ctx context.Context, limit int, key func(T) string,
	fetch func(ctx context.Context, offset, limit int) (Page[T], error),
) (Paged[T], error) {
	return readPages(ctx, pagesAhead, limit, key, fetch)
}

// readPages is ReadPages with at most ahead pages asked for and not yet used;
// ahead 1 is the sequential read, which tests compare the parallel one with.
func readPages[T any](ctx context.Context, ahead, limit int, key func(T) string,
	fetch func(ctx context.Context, offset, limit int) (Page[T], error),
) (Paged[T], error) {
	r := &pageReader[T]{
		limit: limit, key: key, fetch: fetch, ahead: ahead,
		seen: map[string]bool{}, returned: map[int]int{}, pending: map[int]*pageCall[T]{},
	}
	ctx, cancel := context.WithCancel(context.WithValue(ctx, pageReadKey{}, &r.read429))
	r.ctx = ctx
	err := r.read()
	// Pages asked for ahead and not used stop now; none outlives the read.
	cancel()
	r.calls.Wait()
	return r.result(), err
}

// pageReader is the state of one ReadPages.
type pageReader[T any] struct {
	limit int
	key   func(T) string
	fetch func(ctx context.Context, offset, limit int) (Page[T], error)

	// The pages asked for and not yet used, at most ahead of them, under
	// ctx, which ends with the read.
	ctx     context.Context
	ahead   int
	pending map[int]*pageCall[T]
	calls   sync.WaitGroup
	read429 atomic.Bool // a request of this read was answered 429

	seen       map[string]bool
	kept       []placed[T]
	returned   map[int]int // records returned at each offset asked
	first      []string    // keys of the first page, to know it again
	firstItems []T
	previous   []T  // the records of the page used last
	confirmed  bool // a page past any page number held new records: offset counts records
	short      bool // a page after the first was shorter than the first

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

// pageCall is a page asked for; done is closed once page and err are set.
type pageCall[T any] struct {
	done chan struct{}
	page Page[T]
	err  error
}

// ask asks for the page at offset, unless it is asked already.
func (r *pageReader[T]) ask(offset int) *pageCall[T] {
	if call, ok := r.pending[offset]; ok {
		return call
	}
	call := &pageCall[T]{done: make(chan struct{})}
	r.pending[offset] = call
	r.calls.Go(func() {
		defer close(call.done)
		call.page, call.err = r.fetch(r.ctx, offset, r.limit)
	})
	return call
}

// askAhead asks for the pages of next, in order, that the read may ask for
// ahead of the one it waits for.
func (r *pageReader[T]) askAhead(next []int) {
	for _, offset := range next {
		if len(r.pending) >= r.ahead || r.read429.Load() {
			return
		}
		r.ask(offset)
	}
}

// room is how many pages may be asked for ahead of the one the read waits
// for: within ahead, and within the requests the read may take.
func (r *pageReader[T]) room() int {
	// The first two pages show the page size the server honours (a
	// first page shorter than asked may be the whole list under an
	// overstated total), and a short page after them says that the pages
	// do not go on as expected.
	if !r.counted || r.read429.Load() || r.requests < 2 || r.short {
		return 0
	}
	return max(min(r.ahead-len(r.pending), r.maxRequests()-r.requests-len(r.pending)), 0)
}

// get asks for the page at offset, or takes it from those asked for ahead,
// asks ahead for the pages of next, and keeps the page's new records. It
// returns the number of records returned and of new ones among them.
func (r *pageReader[T]) get(offset int, next []int) (n, added int, keys []string, err error) {
	call := r.ask(offset)
	r.askAhead(next)
	<-call.done
	delete(r.pending, offset)
	page, err := call.page, call.err
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
	keys = make([]string, len(page.Items))
	anonymous := false
	for i, item := range page.Items {
		keys[i] = r.key(item)
		anonymous = anonymous || keys[i] == ""
	}
	// Records without an id cannot be told apart, so a page of them that
	// equals the page before is the server repeating itself.
	repeated := anonymous && len(page.Items) > 0 && reflect.DeepEqual(page.Items, r.previous)
	for i, item := range page.Items {
		k := keys[i]
		if repeated || k != "" && r.seen[k] {
			continue
		}
		if k != "" {
			r.seen[k] = true
		}
		r.kept = append(r.kept, placed[T]{item, offset, i})
		added++
	}
	r.previous = page.Items
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

// isFirst reports a page that is the first page again.
func (r *pageReader[T]) isFirst(keys []string, items []T) bool {
	if !slices.Equal(keys, r.first) {
		return false
	}
	if slices.Contains(keys, "") {
		return reflect.DeepEqual(items, r.firstItems)
	}
	return true
}

// recordOffsetsAfter are the record offsets the read asks for after offset
// if every page is full of new records, as many as may be asked ahead. While
// offset may be a page number, they stop at the first offset that may be the
// last page or past it: a page there may be short or empty, and then the read
// goes on elsewhere.
func (r *pageReader[T]) recordOffsetsAfter(offset int) []int {
	room := r.room()
	if room == 0 {
		return nil
	}
	frontier := r.lastPage() - 1 // the last page numbered from 0
	if !r.confirmed && offset >= frontier {
		return nil
	}
	var next []int
	for o := offset + r.size; o < r.total && len(next) < room; o += r.size {
		next = append(next, o)
		if !r.confirmed && o >= frontier {
			break
		}
	}
	return next
}

// lastPage is the number of the last page as pages numbered from 1 count
// them, the largest page number that holds records.
func (r *pageReader[T]) lastPage() int {
	return (r.total + r.size - 1) / r.size
}

// pagesAfter are the page numbers the read asks for after page p, up to end,
// as many as may be asked ahead.
func (r *pageReader[T]) pagesAfter(p, end int) []int {
	room := r.room()
	var next []int
	for q := p + 1; q <= end && len(next) < room && (q-r.base)*r.size < r.total; q++ {
		if _, asked := r.returned[q]; !asked {
			next = append(next, q)
		}
	}
	return next
}

func (r *pageReader[T]) read() error {
	r.base = -1
	n, _, keys, err := r.get(0, nil)
	if err != nil || n == 0 {
		return err
	}
	r.first, r.firstItems, r.size = keys, r.previous, n
	offset, previous := n, n
	for {
		if r.counted && offset >= r.total {
			return nil
		}
		if r.requests >= r.maxRequests() {
			r.warnEndless()
			return nil
		}
		n, added, keys, err := r.get(offset, r.recordOffsetsAfter(offset))
		if err != nil {
			return err
		}
		if n < r.size {
			r.short = true
		}
		if added > 0 && r.counted && offset > r.lastPage() {
			// No page number is past the last page: offset counts
			// records.
			r.confirmed = true
		}
		if offset == 1 && r.isFirst(keys, r.previous) {
			// Pages of one record: this is the offset=1 request, and
			// it says page numbers from 1.
			r.probed = true
			return r.readPageNumbers(1)
		}
		switch {
		case n == 0:
			return r.probe()
		case added == 0:
			r.warnRepeated(offset)
			return nil
		case !r.counted && n < previous:
			// Without a total, a short page at a record offset
			// that is also a page number may be the last page of a
			// longer list: offset=1 tells.
			return r.probe()
		}
		offset += n
		previous = n
	}
}

// probe asks offset=1 after an empty page that the total did not expect, or
// without a total after an empty or short page, and goes on with page
// numbers if that is what offset means.
func (r *pageReader[T]) probe() error {
	if _, asked := r.returned[1]; asked {
		return nil // pages of one record: offset 1 was a record offset
	}
	r.probed = true
	_, added, keys, err := r.get(1, nil)
	switch {
	case err != nil:
		return err
	case r.isFirst(keys, r.previous):
		return r.readPageNumbers(1)
	case added > 0:
		return r.readPageNumbers(0)
	}
	return nil
}

// readPageNumbers reads the pages after page 1 (of pages numbered from
// base): 2, 3, ... skipping those asked already as record offsets.
func (r *pageReader[T]) readPageNumbers(base int) error {
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
		n, added, _, err := r.get(p, r.pagesAfter(p, end))
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

// pageReadKey marks the context of ReadPages' requests, with the flag of a
// 429: Client.get takes one of the provider's page slots for them, and the
// client's retries set the flag.
type pageReadKey struct{}

// pageSlot takes one of the provider's page slots for a request of
// ReadPages, waiting for one no longer than ctx allows; other requests need
// none. release gives it back.
func (c *Client) pageSlot(ctx context.Context) (release func(), err error) {
	if ctx.Value(pageReadKey{}) == nil {
		return func() {}, nil
	}
	if err := c.pages.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	return func() { c.pages.Release(1) }, nil
}

// noteThrottled is the client's ResponseLogHook, which sees every attempt:
// a 429 of a page drops its read to one page at a time, even when a retry
// then gets the page.
func noteThrottled(_ retryablehttp.Logger, resp *http.Response) {
	if resp.StatusCode == http.StatusTooManyRequests && resp.Request != nil {
		throttled(resp.Request.Context())
	}
}

// throttled tells the read of ctx, if any, that the API answered 429.
func throttled(ctx context.Context) {
	if read429, ok := ctx.Value(pageReadKey{}).(*atomic.Bool); ok {
		read429.Store(true)
	}
}
