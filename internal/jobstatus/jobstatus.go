// Package jobstatus says what a job's status means: whether it is terminal
// (done), successful or failed, for each API's own status names, and what a
// failed job's own failure text is.
package jobstatus

import "strings"

// Classes says which statuses of an API end a job, and which of those
// are a success. Statuses compare case-insensitively; anything not listed is
// pending.
type Classes struct {
	Success []string
	Failure []string
	// Neither are terminal statuses that are neither a success nor a
	// failure, such as a DataArts run skipped because of a dependency.
	Neither []string
}

// Succeeded reports a terminal, successful status.
func (c Classes) Succeeded(status string) bool { return containsFold(c.Success, status) }

// Failed reports a terminal, unsuccessful status.
func (c Classes) Failed(status string) bool { return containsFold(c.Failure, status) }

// Done reports a terminal status.
func (c Classes) Done(status string) bool {
	return c.Succeeded(status) || c.Failed(status) || containsFold(c.Neither, status)
}

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// FailureText is a failed job's own reason drawn from its tasks: the texts of
// the tasks that failed, or of every task when none failed by itself (the
// job's status may be the only failure). Empty texts are left out.
func FailureText[T any](tasks []T, text func(T) string, failed func(T) bool) string {
	var ofFailed, ofAll []string
	for _, t := range tasks {
		s := strings.TrimSpace(text(t))
		if s == "" {
			continue
		}
		ofAll = append(ofAll, s)
		if failed(t) {
			ofFailed = append(ofFailed, s)
		}
	}
	if len(ofFailed) > 0 {
		return strings.Join(ofFailed, "; ")
	}
	return strings.Join(ofAll, "; ")
}
