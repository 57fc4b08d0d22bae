terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "cluster_id" {
  description = "The CCE cluster to change."
  type        = string
}

variable "engine_id" {
  description = "The CSE microservice engine to change."
  type        = string
}

# Lists the cluster's jobs again at every poll until none of them is pending.
# A job that the wait saw running and that then failed fails the read with
# its reason and the reasons of its failed sub-jobs; jobs that had failed
# before the wait began are not waited on and fail nothing.
data "hwcjobs_cce_jobs" "cluster_idle" {
  cluster_id          = var.cluster_id
  wait_for_completion = true
  poll_interval       = "15s"

  timeouts = {
    read = "1h"
  }
}

# The same for the jobs of a CSE engine. from_time asks the API for the jobs
# of the last day only: fewer pages at every poll.
data "hwcjobs_cse_engine_jobs" "engine_idle" {
  engine_id           = var.engine_id
  from_time           = timeadd(plantimestamp(), "-24h")
  wait_for_completion = true
  poll_interval       = "15s"

  timeouts = {
    read = "1h"
  }
}

# Your change to the cluster and the engine (a node pool, an engine
# configuration, ...): depends_on orders it after both waits.
resource "terraform_data" "change" {
  input = "the change"

  depends_on = [
    data.hwcjobs_cce_jobs.cluster_idle,
    data.hwcjobs_cse_engine_jobs.engine_idle,
  ]
}

output "cluster_jobs" {
  description = "The cluster's jobs once none was running."
  value       = { for job in data.hwcjobs_cce_jobs.cluster_idle.jobs : job.id => "${job.type}: ${job.status}" }
}
