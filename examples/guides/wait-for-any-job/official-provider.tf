# This file also needs the official huaweicloud provider; the project's
# tests plan it against a stand-in of the same shape, since the official
# provider cannot be installed offline.
terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

# The official provider's huaweicloud_dli_spark_job submits a Spark batch and
# returns: its id is the batch id. hwcjobs waits for the batch to finish, and
# fails with the last lines of the driver log if it died.
resource "huaweicloud_dli_spark_job" "etl" {
  queue_name = "spark_queue"
  name       = "nightly-etl"
  app_name   = "obs://my-bucket/jobs/etl.py"
}

data "hwcjobs_job" "etl" {
  service             = "dli_spark"
  job_id              = huaweicloud_dli_spark_job.etl.id
  wait_for_completion = true

  timeouts = {
    read = "1h"
  }
}
