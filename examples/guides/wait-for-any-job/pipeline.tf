# A pipeline submitted a DLI SQL statement (POST /v1.0/{project_id}/jobs/submit-job)
# and a Spark job to an MRS cluster, and passes their ids to Terraform.
variable "dli_job_id" {
  type = string
}

variable "mrs_cluster_id" {
  type = string
}

variable "mrs_job_id" {
  type = string
}

data "hwcjobs_job" "load_orders" {
  service             = "dli"
  job_id              = var.dli_job_id
  wait_for_completion = true
}

# MRS: FINISHED is a success only with the result SUCCEEDED; a failed YARN
# application fails the read with its tracking_url.
data "hwcjobs_mrs_job" "aggregate" {
  cluster_id          = var.mrs_cluster_id
  job_id              = var.mrs_job_id
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "3h"
  }
}

output "loaded_into" {
  value = lookup(data.hwcjobs_job.load_orders.entities, "table_name", null)
}

output "aggregate_logs" {
  value = data.hwcjobs_mrs_job.aggregate.tracking_url
}
