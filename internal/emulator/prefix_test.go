package emulator

import (
	"net/url"
	"testing"
)

func TestEndpointPrefixIsStripped(t *testing.T) {
	for _, tc := range []struct {
		path string
		svc  service
		key  string
		job  string
	}{
		{"/v3/p/cas/jobs/J1", svcServiceStage, "", "J1"},
		{"/servicestage/v3/p/cas/jobs/J1", svcServiceStage, "servicestage", "J1"},
		{"/cce/api/v3/projects/p/jobs/J2", svcCCEShow, "cce", "J2"},
		{"/iam/v3/projects", svcIAM, "iam", ""},
		{"/metadata/openstack/latest/securitykey", svcMetadataKey, "metadata", ""},
		// A prefix alone is not a path of an API.
		{"/cse", svcGateway, "", ""},
		// An unknown first segment is not stripped.
		{"/nope/v3/p/cas/jobs/J1", svcGateway, "", ""},
	} {
		rt := parseRoute(&url.URL{Path: tc.path})
		if rt.svc != tc.svc || rt.key != tc.key || rt.job != tc.job {
			t.Errorf("%s: got svc %d key %q job %q, want svc %d key %q job %q", tc.path, rt.svc, rt.key, rt.job, tc.svc, tc.key, tc.job)
		}
	}
}
