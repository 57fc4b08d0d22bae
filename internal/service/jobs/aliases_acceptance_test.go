package jobs_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// A provider block written for the official provider works: its endpoint
// keys (vpc, gaussdb, elbv3, dliv2) reach the services they mean, and obs,
// which hwcjobs never reads, does not stop the plan.
func TestAccJobOfficialEndpointKeys(t *testing.T) {
	e, url := newEmulator(t)
	cfg := e.Config()
	provider := fmt.Sprintf(`
provider "hwcjobs" {
  region     = %q
  access_key = %q
  secret_key = %q
  project_id = %q
  endpoints = {
    vpc     = "%[5]s/eip"
    gaussdb = "%[5]s/gaussdb_mysql"
    elbv3   = "%[5]s/elb"
    dliv2   = "%[5]s/dli"
    obs     = "https://obs.cn-north-4.myhuaweicloud.com"
  }
}
`, cfg.Region, emulator.DefaultAccessKey, emulator.DefaultSecretKey, cfg.ProjectID, url)
	config := provider
	var checks []statecheck.StateCheck
	for _, s := range services {
		if s.name != "eip" && s.name != "gaussdb_mysql" && s.name != "elb" && s.name != "dli_spark" {
			continue
		}
		add(t, e, emulator.FamilyJob{Service: s.name, ID: "alias-" + s.name, Statuses: []string{s.success}})
		config += jobConfig(s, "alias-"+s.name, "")
		checks = append(checks, expect(s, "succeeded", knownvalue.Bool(true)))
	}
	if len(checks) != 4 {
		t.Fatalf("%d services", len(checks))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}
