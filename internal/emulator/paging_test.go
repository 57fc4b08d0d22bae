package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestPagingPage(t *testing.T) {
	tests := []struct {
		name             string
		paging           Paging
		n, offset, limit int
		wantFrom, wantTo int
	}{
		{"records", Paging{}, 250, 20, 100, 20, 120},
		{"records past the end", Paging{}, 250, 300, 100, 250, 250},
		{"records without limit", Paging{}, 250, 10, 0, 10, 250},
		{"records capped", Paging{MaxLimit: 20}, 250, 20, 100, 20, 40},
		{"records capped, no limit", Paging{MaxLimit: 20}, 250, 0, 0, 0, 20},
		{"a limit under the cap is kept", Paging{MaxLimit: 20}, 250, 5, 10, 5, 15},
		{"0-based page 0", Paging{Offset: OffsetPages0}, 250, 0, 100, 0, 100},
		{"0-based page 2", Paging{Offset: OffsetPages0}, 250, 2, 100, 200, 250},
		{"0-based page 3 is past the end", Paging{Offset: OffsetPages0}, 250, 3, 100, 250, 250},
		{"0-based capped page 12", Paging{Offset: OffsetPages0, MaxLimit: 20}, 250, 12, 100, 240, 250},
		{"0-based capped page 20", Paging{Offset: OffsetPages0, MaxLimit: 20}, 250, 20, 100, 250, 250},
		{"0-based without limit, page 0", Paging{Offset: OffsetPages0}, 250, 0, 0, 0, 250},
		{"0-based without limit, page 1", Paging{Offset: OffsetPages0}, 250, 1, 0, 250, 250},
		{"0-based huge page number", Paging{Offset: OffsetPages0}, 250, 1 << 62, 100, 250, 250},
		{"1-based page 0 is page 1", Paging{Offset: OffsetPages1, MaxLimit: 20}, 250, 0, 100, 0, 20},
		{"1-based page 1", Paging{Offset: OffsetPages1, MaxLimit: 20}, 250, 1, 100, 0, 20},
		{"1-based page 2", Paging{Offset: OffsetPages1, MaxLimit: 20}, 250, 2, 100, 20, 40},
		{"1-based page 13", Paging{Offset: OffsetPages1, MaxLimit: 20}, 250, 13, 100, 240, 250},
		{"1-based page 14", Paging{Offset: OffsetPages1, MaxLimit: 20}, 250, 14, 100, 250, 250},
		{"empty list", Paging{Offset: OffsetPages1}, 0, 1, 100, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := tt.paging.page(tt.n, tt.offset, tt.limit)
			if from != tt.wantFrom || to != tt.wantTo {
				t.Fatalf("[%d, %d), want [%d, %d)", from, to, tt.wantFrom, tt.wantTo)
			}
		})
	}
}

// The list APIs follow SetPaging: the cap, the meaning of offset and the
// total, for CSE jobs, DLF jobs and ServiceStage tasks alike.
func TestPagingModes(t *testing.T) {
	e, base := Start(t, Config{Paging: Paging{MaxLimit: 20}})
	e.GenerateCSEJobs("eng", 250)
	e.GenerateDLFJobs("ws", "BATCH", 250)
	var tasks []ServiceStageTask
	for i := 1; i <= 250; i++ {
		tasks = append(tasks, ServiceStageTask{ID: fmt.Sprintf("T%d", i), Index: int64(i), Name: "task", Status: "RUNNING"})
	}
	e.AddServiceStageJob(ServiceStageJob{ID: "J", Type: "PROVISION", Status: "RUNNING", Tasks: tasks})

	// read returns the first and last record of a page of each API and
	// their totals, -1 when absent.
	type result struct {
		first, last string
		count       int
		total       int
	}
	read := func(t *testing.T, offset int) map[string]result {
		t.Helper()
		q := url.Values{"offset": {fmt.Sprint(offset)}, "limit": {"100"}}
		out := map[string]result{}
		for api, c := range map[string]call{
			"cse": {path: cseListPath("eng"), query: q},
			"dlf": {path: dlfPath, query: q, header: map[string]string{"workspace": "ws"}},
			"ss":  {path: ssPath + "J", query: q},
		} {
			r := c.get(t, base)
			wantStatus(t, r, 200)
			var v struct {
				Total     *int `json:"total"`
				TaskCount *int `json:"task_count"`
				Data      []struct {
					ID int64 `json:"id"`
				} `json:"data"`
				Jobs []struct {
					Name string `json:"name"`
				} `json:"jobs"`
				Tasks []struct {
					ID string `json:"task_id"`
				} `json:"tasks"`
			}
			if err := json.Unmarshal([]byte(r.body), &v); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, d := range v.Data {
				keys = append(keys, fmt.Sprint(d.ID))
			}
			for _, j := range v.Jobs {
				keys = append(keys, j.Name)
			}
			for _, task := range v.Tasks {
				keys = append(keys, task.ID)
			}
			res := result{count: len(keys), total: -1}
			if len(keys) > 0 {
				res.first, res.last = keys[0], keys[len(keys)-1]
			}
			if v.Total != nil {
				res.total = *v.Total
			}
			if v.TaskCount != nil {
				res.total = *v.TaskCount
			}
			if api != "ss" && v.TaskCount != nil {
				t.Fatalf("%s sent task_count", api)
			}
			if strings.Contains(r.body, `"total"`) != (v.Total != nil) || strings.Contains(r.body, `"task_count"`) != (v.TaskCount != nil) {
				t.Fatalf("%s: total sent as null:\n%.200s", api, r.body)
			}
			out[api] = res
		}
		return out
	}
	// want is the page of records from..to (1-based, inclusive) of every
	// API, with the total or -1.
	want := func(from, to, total int) map[string]result {
		if from > to {
			return map[string]result{"cse": {total: total}, "dlf": {total: total}, "ss": {total: total}}
		}
		return map[string]result{
			"cse": {fmt.Sprint(from), fmt.Sprint(to), to - from + 1, total},
			"dlf": {fmt.Sprintf("job-%04d", from), fmt.Sprintf("job-%04d", to), to - from + 1, total},
			"ss":  {fmt.Sprintf("T%d", from), fmt.Sprintf("T%d", to), to - from + 1, total},
		}
	}
	steps := []struct {
		name   string
		paging Paging
		offset int
		want   map[string]result
	}{
		{"records, limit capped", Paging{MaxLimit: 20}, 20, want(21, 40, 250)},
		{"records, last page", Paging{MaxLimit: 20}, 240, want(241, 250, 250)},
		{"records, uncapped", Paging{}, 200, want(201, 250, 250)},
		{"0-based page 0", Paging{MaxLimit: 20, Offset: OffsetPages0}, 0, want(1, 20, 250)},
		{"0-based page 1", Paging{MaxLimit: 20, Offset: OffsetPages0}, 1, want(21, 40, 250)},
		{"0-based page 12", Paging{MaxLimit: 20, Offset: OffsetPages0}, 12, want(241, 250, 250)},
		{"0-based page 20 is past the end", Paging{MaxLimit: 20, Offset: OffsetPages0}, 20, want(1, 0, 250)},
		{"1-based page 0 is the first", Paging{MaxLimit: 20, Offset: OffsetPages1}, 0, want(1, 20, 250)},
		{"1-based page 1", Paging{MaxLimit: 20, Offset: OffsetPages1}, 1, want(1, 20, 250)},
		{"1-based page 2", Paging{MaxLimit: 20, Offset: OffsetPages1}, 2, want(21, 40, 250)},
		{"1-based page 13", Paging{MaxLimit: 20, Offset: OffsetPages1}, 13, want(241, 250, 250)},
		{"without total", Paging{MaxLimit: 20, OmitTotal: true}, 20, want(21, 40, -1)},
		{"without total, past the end", Paging{OmitTotal: true}, 250, want(1, 0, -1)},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			e.SetPaging(s.paging)
			if got := e.Config().Paging; got != s.paging {
				t.Fatalf("Config().Paging = %+v, want %+v", got, s.paging)
			}
			got := read(t, s.offset)
			for api, w := range s.want {
				if got[api] != w {
					t.Errorf("%s: %+v, want %+v", api, got[api], w)
				}
			}
		})
	}
}
