package acctest

import (
	"fmt"
	"strings"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// PrefixedProviderConfig is a provider block that points every endpoint key
// at url/<key>, as the emulator's own printed block does: the job APIs that
// share a path are told apart by that prefix. extra lines go inside the
// block.
func PrefixedProviderConfig(e *emulator.Emulator, url string, extra ...string) string {
	cfg := e.Config()
	var ak, sk string
	for ak, sk = range cfg.Keys {
		break
	}
	var endpoints strings.Builder
	for _, s := range client.Services {
		if s != client.Metadata {
			fmt.Fprintf(&endpoints, "    %-13s = %q\n", s, url+"/"+string(s))
		}
	}
	return fmt.Sprintf(`
provider "hwcjobs" {
  region     = %q
  access_key = %q
  secret_key = %q
  project_id = %q
  endpoints = {
%s  }
%s
}
`, cfg.Region, ak, sk, cfg.ProjectID, endpoints.String(), strings.Join(extra, "\n"))
}
