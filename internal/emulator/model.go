package emulator

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Progress moves a job through statuses. While a job has Progress, its
// rendered status is the current step and its own Status is ignored.
type Progress struct {
	Statuses []string // statuses the job moves through; the last one stays
	// Every is 0 to advance one status per GET of that single job (a poll:
	// the first GET shows Statuses[0], the second Statuses[1], ...; list
	// requests show the status of the last poll and never advance), or the
	// time per status since the job was added, on Config.Clock.
	Every time.Duration
}

// Purge makes a job vanish the way the APIs forget finished jobs: once it
// has been read Polls times as a single job (0: never), or After has passed
// since it was added, on Config.Clock (0: never), every request answers as
// if the job had never existed.
type Purge struct {
	Polls int
	After time.Duration
}

// gone reports whether a job has been purged.
func (p Purge) gone(st progressState, now time.Time) bool {
	return (p.Polls > 0 && st.polls >= p.Polls) || (p.After > 0 && now.Sub(st.added) >= p.After)
}

// progressState is the mutable side of a Progress.
type progressState struct {
	added time.Time
	polls int
}

// step is the index of the current status, or -1 without Progress.
func (p Progress) step(st progressState, now time.Time) int {
	n := len(p.Statuses)
	if n == 0 {
		return -1
	}
	var i int
	if p.Every > 0 {
		i = int(now.Sub(st.added) / p.Every)
	} else {
		i = st.polls - 1
	}
	return max(0, min(i, n-1))
}

// reachedAt is when the current step began: exact for time-based progress,
// now for per-poll progress.
func (p Progress) reachedAt(st progressState, step int, now time.Time) time.Time {
	if p.Every > 0 {
		return st.added.Add(time.Duration(step) * p.Every)
	}
	return now
}

var (
	cseTerminal = set("Finished", "Error", "Timeout")
	cseFailure  = set("Error", "Timeout")
	ssFailure   = set("FAILED", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED", "UNKNOWN")
)

// statusSet is a case-insensitive set of statuses.
type statusSet map[string]bool

func set(statuses ...string) statusSet {
	s := statusSet{}
	for _, v := range statuses {
		s[strings.ToLower(v)] = true
	}
	return s
}

func (s statusSet) has(status string) bool { return s[strings.ToLower(status)] }

// epochMillis renders a time as CSE and DLF do; the zero time is 0.
func epochMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// goTimeString renders a time as CCE does: Go's time.Time String in UTC.
func goTimeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999999 -0700 MST")
}

// rfc3339Millis renders a time as ServiceStage does: RFC 3339 in UTC with
// milliseconds, trailing zeros trimmed (2024-06-06T15:55:31.36Z).
func rfc3339Millis(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

// intParam reads an optional integer query parameter.
func intParam(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Offset is what a list API's offset parameter counts.
type Offset int

const (
	// OffsetRecords: offset is the number of records to skip, as the
	// official provider uses it (the default).
	OffsetRecords Offset = iota
	// OffsetPages0: offset is a page number from 0, pages of limit records.
	OffsetPages0
	// OffsetPages1: offset is a page number from 1, pages of limit records;
	// offset 0 is the first page too.
	OffsetPages1
)

// Paging is how the list APIs (CSE jobs, DLF jobs, ServiceStage tasks) cut
// their pages. The zero value is the behaviour the official provider relies
// on: record offsets, limit honoured, total sent.
type Paging struct {
	// MaxLimit caps limit: a larger limit, or none where the API allows
	// none, is served MaxLimit records a page. 0 is no cap.
	MaxLimit int
	Offset   Offset
	// OmitTotal leaves total (CSE, DLF) and task_count (ServiceStage) out
	// of the answers.
	OmitTotal bool
}

// page cuts one page out of n records for the offset and limit asked: the
// bounds [from, to). limit 0 is every record from the offset.
func (p Paging) page(n, offset, limit int) (from, to int) {
	if p.MaxLimit > 0 && (limit == 0 || limit > p.MaxLimit) {
		limit = p.MaxLimit
	}
	if p.Offset != OffsetRecords {
		number := offset
		if p.Offset == OffsetPages1 {
			number = max(offset-1, 0)
		}
		switch {
		case number >= n:
			offset = n // past the end, and number*limit must not overflow
		case limit > 0:
			offset = number * limit
		case number > 0:
			offset = n // pages without a size: the first holds everything
		default:
			offset = 0
		}
	}
	from = min(offset, n)
	to = n
	if limit > 0 && limit < n-from {
		to = from + limit
	}
	return from, to
}

// total is the total to send for n records: nil when it is omitted.
func (p Paging) total(n int) *int {
	if p.OmitTotal {
		return nil
	}
	return &n
}

// ===========================================================================
