package cce

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/convert"
)

// failureText is a failed job's own reason: the reason of every failed
// sub-job, deepest first, each with its type and resource name, then the
// job's own reason. Empty reasons are left out, and so is a reason that
// repeats the one before it.
func failureText(j *job) string {
	type failed struct {
		text  string
		depth int
	}
	depth := map[*job]int{j: 0}
	var subs []failed
	for _, d := range descendants(j) {
		depth[d.job] = depth[d.parent] + 1
		reason := strings.TrimSpace(convert.Deref(d.Status.Reason))
		if reason == "" || !statuses.Failed(d.status()) {
			continue
		}
		what := strings.TrimSpace(convert.Deref(d.Spec.Type) + " " + convert.Deref(d.Spec.ResourceName))
		if what != "" {
			reason = what + ": " + reason
		}
		subs = append(subs, failed{reason, depth[d.job]})
	}
	slices.SortStableFunc(subs, func(a, b failed) int { return cmp.Compare(b.depth, a.depth) })
	var texts []string
	for _, f := range subs {
		texts = append(texts, f.text)
	}
	if own := strings.TrimSpace(convert.Deref(j.Status.Reason)); own != "" {
		texts = append(texts, own)
	}
	return strings.Join(slices.Compact(texts), "; ")
}
