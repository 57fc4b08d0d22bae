# Every job of an engine, every page of them.
data "hwcjobs_cse_engine_jobs" "all" {
  engine_id = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
}

# Only the upgrades of the last seven days that ended in Error.
data "hwcjobs_cse_engine_jobs" "failed_upgrades" {
  engine_id = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
  type      = "Upgrade"
  status    = "Error"
  from_time = timeadd(plantimestamp(), "-168h")
}

output "unfinished_jobs" {
  value = [for job in data.hwcjobs_cse_engine_jobs.all.jobs : job.id if !job.done]
}

# The logs of a failed job's tasks say why it failed.
output "failed_upgrade_logs" {
  value = {
    for job in data.hwcjobs_cse_engine_jobs.failed_upgrades.jobs :
    job.id => [for task in job.tasks : task.log if task.log != null && task.log != ""]
  }
}

# Wait until nothing is running on the engine: list again every 30 seconds
# until no job is pending. A job that was running and fails fails the read
# with its tasks' logs; jobs that had failed before never do.
data "hwcjobs_cse_engine_jobs" "settled" {
  engine_id           = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "1h"
  }
}
