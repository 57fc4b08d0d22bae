# Wait for the job that resizing an ECS server handed back, and fail with the
# job's own failure text (or its sub-jobs') if it does not succeed.
data "hwcjobs_job" "resize" {
  service             = "ecs"
  job_id              = "ff80808288d41e1b0188f0b9b3a20f7c"
  wait_for_completion = true

  timeouts = {
    read = "30m"
  }
}

output "resized_server" {
  value = data.hwcjobs_job.resize.entities["server_id"]
}
