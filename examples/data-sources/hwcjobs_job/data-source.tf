# Wait for the job that resizing an ECS server handed back, and fail with the
# job's own failure text (or its sub-jobs') if it does not succeed.
data "hwcjobs_job" "resize" {
  service             = "ecs"
  job_id              = "ff8080827e7810fb017f06338a731328"
  wait_for_completion = true

  timeouts = {
    read = "30m"
  }
}

output "resized_server" {
  value = data.hwcjobs_job.resize.entities["server_id"]
}
