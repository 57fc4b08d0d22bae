package cse_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// Through terraform, a list of 2,000 jobs (20 pages) reads its pages in
// parallel (SPEC "Values", rev. 3): the emulator holds every page after the
// first two until 8 are in flight at once, which a read one page at a time
// would never reach (then timeouts.read ends the held read with an error),
// and the list is whole, in order, from its 20 requests.
func TestEngineJobsPagesInParallel(t *testing.T) {
	e, url := acctest.Emulator(t)
	e.GenerateCSEJobs("parallel", 2000)
	path := listPath("parallel")
	hold := make(chan struct{})
	e.Inject(emulator.Fault{Path: path, Hold: hold, After: 2})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	released := make(chan error, 1)
	go func() {
		released <- e.WaitInFlight(ctx, path, 8)
		close(hold)
	}()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: jobsConfig(acctest.ProviderConfig(e, url), `engine_id = "parallel"
  timeouts = { read = "2m" }`),
			Check: resource.ComposeTestCheckFunc(
				acctest.CheckRequests(e, path, 20),
				func(*terraform.State) error {
					if _, most := e.InFlight(path); most != 8 {
						return fmt.Errorf("%d pages in flight at most, want 8", most)
					}
					return nil
				},
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("total"), knownvalue.Int64Exact(2000)),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs"), knownvalue.ListSizeExact(2000)),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("1"),
				})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(1234), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("1235"),
				})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("jobs").AtSliceIndex(1999), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("2000"),
				})),
			},
		}},
	})
	if err := <-released; err != nil {
		t.Fatal(err)
	}
}
