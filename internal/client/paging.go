package client

import (
	"context"
	"fmt"
)

// Page is one page of a list: its records and the total the API reports.
type Page[T any] struct {
	Items []T
	Total int
}

// Paged is the result of reading every page of a list.
type Paged[T any] struct {
	Items    []T
	Total    int    // the total of the first page
	Requests int    // pages asked for
	Warning  string // why the read ended before the reported total, if it did
}

// ReadPages reads a list page by page with offsets advanced by the records
// received, until the reported total is reached or a page is empty. It never
// trusts the server blindly: records are de-duplicated by key, a page that
// adds nothing new ends the read, and at most total/limit+1 pages are asked
// for, so a server that repeats pages or overstates its total ends with a
// warning instead of a loop.
func ReadPages[T any](ctx context.Context, limit int, key func(T) string,
	fetch func(ctx context.Context, offset, limit int) (Page[T], error),
) (Paged[T], error) {
	var out Paged[T]
	seen := map[string]bool{}
	offset, maxRequests := 0, 1
	for {
		page, err := fetch(ctx, offset, limit)
		if err != nil {
			return out, err
		}
		out.Requests++
		if out.Requests == 1 {
			out.Total = page.Total
			maxRequests = (page.Total+limit-1)/limit + 1
		}
		added := 0
		for _, item := range page.Items {
			k := key(item)
			if seen[k] {
				continue
			}
			seen[k] = true
			out.Items = append(out.Items, item)
			added++
		}
		offset += len(page.Items)
		switch {
		case offset >= out.Total:
			return out, nil
		case len(page.Items) == 0:
			out.Warning = fmt.Sprintf("The API reported %d records but returned %d; the list holds what was returned.", out.Total, len(out.Items))
			return out, nil
		case added == 0:
			out.Warning = fmt.Sprintf("The API repeated a page at offset %d (it reported %d records); the read stopped there with %d records.",
				offset-len(page.Items), out.Total, len(out.Items))
			return out, nil
		case out.Requests >= maxRequests:
			out.Warning = fmt.Sprintf("The API kept returning records past its reported total of %d; the read stopped after %d requests with %d records.",
				out.Total, out.Requests, len(out.Items))
			return out, nil
		}
	}
}
