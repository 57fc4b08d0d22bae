package provider

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
)

func endpointsOf(t *testing.T, kv ...string) (map[client.Service]string, diag.Diagnostics) {
	t.Helper()
	elems := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	var diags diag.Diagnostics
	got := resolver{diags: &diags}.endpoints(context.Background(), types.MapValueMust(types.StringType, elems))
	out := map[client.Service]string{}
	for k, u := range got {
		out[k] = u.String()
	}
	return out, diags
}

// The official provider's endpoint keys are aliases of the keys they mean
// here, for every service; a key of a service hwcjobs never reads is a
// warning.
func TestOfficialEndpointAliases(t *testing.T) {
	got, diags := endpointsOf(t,
		"dataarts", "https://dlf.example.com", "ccev1", "https://cce.example.com", "servicestagev2", "https://ss.example.com",
		"identity", "https://iam.example.com", "ecsv21", "https://ecs.example.com", "evsv1", "https://evs.example.com",
		"imsv1", "https://ims.example.com", "vpc", "https://vpc.example.com", "rdsv31", "https://rds.example.com",
		"gaussdb", "https://gaussdb.example.com", "ddsv31", "https://dds.example.com", "geminidbv31", "https://nosql.example.com",
		"dcsv1", "https://dcs.example.com", "elbv3", "https://elb.example.com", "dliv2", "https://dli.example.com",
		"mrsv2", "https://mrs.example.com", "cse", "https://cse.example.com", "opengauss", "https://og.example.com",
		"obs", "https://obs.example.com")
	want := map[client.Service]string{
		client.DLF: "https://dlf.example.com", client.CCE: "https://cce.example.com", client.ServiceStage: "https://ss.example.com",
		client.IAM: "https://iam.example.com", "ecs": "https://ecs.example.com", "evs": "https://evs.example.com",
		"ims": "https://ims.example.com", "eip": "https://vpc.example.com", "rds": "https://rds.example.com",
		"gaussdb_mysql": "https://gaussdb.example.com", "dds": "https://dds.example.com", "geminidb": "https://nosql.example.com",
		"dcs": "https://dcs.example.com", "elb": "https://elb.example.com", "dli": "https://dli.example.com",
		client.MRS: "https://mrs.example.com", client.CSE: "https://cse.example.com", "opengauss": "https://og.example.com",
	}
	if !maps.Equal(got, want) {
		t.Errorf("endpoints %v\nwant %v", got, want)
	}
	if diags.ErrorsCount() != 0 || diags.WarningsCount() != 1 || diags[0].Summary() != "Endpoint Not Used" ||
		diags[0].Detail() != "endpoints.obs is an endpoint of the official huaweicloud provider for a service that hwcjobs never reads; it does nothing here." {
		t.Errorf("diagnostics %v", diags)
	}
	// Every key of the official provider for a service that hwcjobs reads
	// means one service: the aliases of ECS, say.
	if a := client.AliasesOf("ecs"); !slices.Equal(a, []string{"ecsv11", "ecsv21"}) {
		t.Errorf("aliases of ecs: %v", a)
	}
}

// A key and its alias both set is an error; so are two aliases of one key.
func TestEndpointAliasConflicts(t *testing.T) {
	for _, pair := range [][2]string{{"elb", "elbv3"}, {"mrs", "mrsv2"}, {"elbv2", "elbv3"}, {"eip", "vpc"}} {
		_, diags := endpointsOf(t, pair[0], "https://a.example.com", pair[1], "https://b.example.com")
		if diags.ErrorsCount() != 1 || diags[0].Summary() != "Conflicting Endpoint Keys" ||
			!strings.Contains(diags[0].Detail(), "both set the") {
			t.Errorf("%v: %v", pair, diags)
		}
	}
}
