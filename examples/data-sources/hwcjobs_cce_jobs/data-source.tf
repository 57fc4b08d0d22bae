# The jobs of one cluster.
data "hwcjobs_cce_jobs" "cluster" {
  cluster_id = "7ec8b73d-83db-11f0-8baa-0255ac10003e"
}

# The failed scale-ups of the project, with the reason of each.
data "hwcjobs_cce_jobs" "failed_scaleups" {
  type   = "ScaleupCluster"
  status = "Failed"
}

output "scaleup_failures" {
  value = {
    for job in data.hwcjobs_cce_jobs.failed_scaleups.jobs :
    job.id => "${job.resource_name}: ${coalesce(job.reason, "no reason given")}"
  }
}

# sub_jobs holds every descendant, however deep, so one expression finds the
# step that failed.
output "failed_steps" {
  value = flatten([
    for job in data.hwcjobs_cce_jobs.cluster.jobs : [
      for sub in job.sub_jobs : "${sub.type} (${sub.id}): ${coalesce(sub.reason, "no reason given")}" if sub.status == "Failed"
    ]
  ])
}

# Wait until nothing is running on the cluster before what depends on it.
data "hwcjobs_cce_jobs" "cluster_idle" {
  cluster_id          = "7ec8b73d-83db-11f0-8baa-0255ac10003e"
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "1h"
  }
}
