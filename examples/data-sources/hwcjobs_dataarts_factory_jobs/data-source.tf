# The batch jobs of the default workspace.
data "hwcjobs_dataarts_factory_jobs" "batch" {}

# The real-time jobs of a workspace that carry both tags.
data "hwcjobs_dataarts_factory_jobs" "streaming" {
  workspace_id = "b1e2c3d4a5f60718293a4b5c6d7e8f90"
  process_type = "REAL_TIME"
  tags         = ["orders", "production"]
}

# Batch jobs whose most recent run failed.
output "last_run_failed" {
  value = [
    for job in data.hwcjobs_dataarts_factory_jobs.batch.jobs :
    job.name if job.last_instance_status == "fail"
  ]
}
