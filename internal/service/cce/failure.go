package cce

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
)

// failureText is a failed job's own failure text: the reason of every failed
// sub-job, deepest first (siblings and cousins in depth-first order), each
// with its type and resource name, then the job's own reason; a reason
// that repeats the one before it is left out.
func failureText(j *job) string {
	type failed struct {
		sub   *job
		depth int
	}
	depth := map[*job]int{j: 0}
	var subs []failed
	for _, d := range descendants(j) {
		depth[d.job] = depth[d.parent] + 1
		if statuses.Failed(d.status()) {
			subs = append(subs, failed{d.job, depth[d.job]})
		}
	}
	slices.SortStableFunc(subs, func(a, b failed) int { return cmp.Compare(b.depth, a.depth) })
	var parts []string
	for _, f := range subs {
		parts = append(parts, subJobFailure(f.sub))
	}
	if reason := strings.TrimSpace(convert.Deref(j.Status.Reason)); reason != "" {
		parts = append(parts, reason)
	}
	return strings.Join(slices.Compact(parts), "; ")
}

// subJobFailure is "InstallNode of pool-a-node-01: install kubelet timeout".
func subJobFailure(s *job) string {
	what := convert.Deref(s.Spec.Type)
	if what == "" {
		what = "sub-job " + convert.Deref(s.Metadata.UID)
	}
	if name := convert.Deref(s.Spec.ResourceName); name != "" {
		what += " of " + name
	}
	reason := strings.TrimSpace(convert.Deref(s.Status.Reason))
	if reason == "" {
		reason = "failed without a reason"
	}
	return what + ": " + reason
}
