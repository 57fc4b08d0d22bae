# Wait for the job that deploying a component returned, and fail with the
# messages of its tasks if it does not succeed.
data "hwcjobs_servicestage_job" "deploy" {
  job_id              = "JOB17cb1778-07b1-4c8f-a183-c86cffbe8f9e"
  wait_for_completion = true

  timeouts = {
    read = "30m"
  }
}

output "deploy_tasks" {
  value = [
    for task in data.hwcjobs_servicestage_job.deploy.tasks :
    "${task.index} ${task.name}: ${task.status}"
  ]
}
