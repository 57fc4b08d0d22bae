# Read a job once, as it is now.
data "hwcjobs_cse_engine_job" "create" {
  engine_id = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
  job_id    = "12339"
}

# Wait until the job has finished. When it ends in Error or Timeout, the read
# fails with the logs of its failed tasks.
data "hwcjobs_cse_engine_job" "create_finished" {
  engine_id           = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
  job_id              = "12339"
  wait_for_completion = true
  poll_interval       = "15s"

  timeouts = {
    read = "30m"
  }
}

# The API forgets finished jobs after a while, and a data source is read on
# every plan: allow_missing reads a forgotten job as found = false instead of
# failing the plan.
data "hwcjobs_cse_engine_job" "maybe_forgotten" {
  engine_id     = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
  job_id        = "12339"
  allow_missing = true
}

output "phases" {
  value = [
    for phase in data.hwcjobs_cse_engine_job.create_finished.phases :
    "${phase.name}: ${phase.status} in ${phase.duration_ms} ms"
  ]
}

output "job_status" {
  value = data.hwcjobs_cse_engine_job.maybe_forgotten.found ? data.hwcjobs_cse_engine_job.maybe_forgotten.status : "forgotten"
}
