package servicestage_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// A timestamp in a format the provider does not know never stops a read or a
// wait: it is null (with a warning), and every other value is read.
func TestAccUnknownTimestampFormatIsNull(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	e.Stub(emulator.Stub{Path: jobsPath + "JOB-odd-times", Body: `{
  "job": {"execution_status": "SUCCEEDED", "job_id": "JOB-odd-times", "job_type": "PROVISION"},
  "tasks": [
    {"task_id": "Task-a", "task_index": 1, "task_name": "A", "task_status": "SUCCEEDED", "messages": "{}",
     "created_at": "yesterday at noon", "update_at": "2024-06-06T15:55:31.36Z"}
  ],
  "task_count": 1
}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(e, baseURL) + jobConfig("odd", "JOB-odd-times", "\n  wait_for_completion = true"),
			ConfigStateChecks: concat(
				[]statecheck.StateCheck{expect("odd", "succeeded", knownvalue.Bool(true))},
				[]statecheck.StateCheck{expect("odd", "tasks", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact("Task-a"),
					"created_at": knownvalue.Null(),
					"updated_at": knownvalue.StringExact("2024-06-06T15:55:31.36Z"),
				})}))},
			),
		}},
	})
}
