# Wait until a node has been created. When the job fails, the read
# fails with the reasons of its failed sub-jobs, deepest first.
data "hwcjobs_cce_job" "create_node" {
  job_id              = "8a3e5c71-9b2d-11f0-8c4e-0255ac100b05"
  wait_for_completion = true
  poll_interval       = "15s"

  timeouts = {
    read = "30m"
  }
}

# After a CreateNode job, the new node's id is the resource of its
# InstallNode sub-job.
output "new_node_ids" {
  value = [
    for sub in data.hwcjobs_cce_job.create_node.sub_jobs : sub.resource_id if sub.type == "InstallNode"
  ]
}

# Read a job once, as it is now, without failing on a failed job.
data "hwcjobs_cce_job" "now" {
  job_id = "8a3e5c71-9b2d-11f0-8c4e-0255ac100b05"
}

output "failed_steps" {
  value = [
    for sub in data.hwcjobs_cce_job.now.sub_jobs : "${sub.type} ${coalesce(sub.resource_name, sub.id)}: ${coalesce(sub.reason, "no reason given")}" if sub.status == "Failed"
  ]
}
