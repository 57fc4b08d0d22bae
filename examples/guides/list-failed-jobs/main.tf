terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "engine_id" {
  type = string
}

variable "cluster_id" {
  type = string
}

data "hwcjobs_cse_engine_jobs" "last_day" {
  engine_id = var.engine_id
  from_time = timeadd(plantimestamp(), "-24h")
}

data "hwcjobs_cce_jobs" "cluster" {
  cluster_id = var.cluster_id
}

locals {
  # done && !succeeded means "failed" whatever the API calls its statuses.
  failed_cse_jobs = {
    for job in data.hwcjobs_cse_engine_jobs.last_day.jobs : job.id => {
      type   = job.type
      status = job.status
      ended  = job.end_time
      # A CSE job says why it failed in the logs of its tasks.
      reasons = [for task in job.tasks : task.log if task.log != null && task.log != ""]
    } if job.done && !job.succeeded
  }

  failed_cce_jobs = {
    for job in data.hwcjobs_cce_jobs.cluster.jobs : job.id => {
      type     = job.type
      resource = job.resource_name
      # A CCE job has a reason, and so has each failed step under it.
      reason = job.reason
      failed_steps = [
        for sub in job.sub_jobs : "${sub.type}: ${coalesce(sub.reason, "no reason given")}"
        if sub.done && !sub.succeeded
      ]
    } if job.done && !job.succeeded
  }
}

output "failed_cse_jobs" {
  value = local.failed_cse_jobs
}

output "failed_cce_jobs" {
  value = local.failed_cce_jobs
}

# One line per failed job, for a chat message or a ticket.
output "failure_report" {
  value = join("\n", concat(
    [for id, job in local.failed_cse_jobs : "CSE job ${id} (${job.type}) ${job.status}: ${join("; ", job.reasons)}"],
    [for id, job in local.failed_cce_jobs : "CCE job ${id} (${job.type}) failed: ${coalesce(job.reason, "no reason given")}"],
  ))
}
