# Wait for a Spark job that a pipeline submitted to an MRS cluster. It
# succeeds only when its state is FINISHED and its result SUCCEEDED.
data "hwcjobs_mrs_job" "etl" {
  cluster_id          = var.mrs_cluster_id
  job_id              = var.mrs_job_id
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "2h"
  }
}

variable "mrs_cluster_id" {
  type = string
}

variable "mrs_job_id" {
  type = string
}

output "etl_logs" {
  value = data.hwcjobs_mrs_job.etl.tracking_url
}
