# An ECS resize started from KooCLI returns a job id:
#
#   hcloud ECS ResizePostPaidServer --server_id=$SERVER \
#     --resize.flavorRef=c7.xlarge.2 | jq -r .job_id
#
# Whatever refers to data.hwcjobs_job.resize waits for the resize.
variable "resize_job_id" {
  type = string
}

data "hwcjobs_job" "resize" {
  service             = "ecs"
  job_id              = var.resize_job_id
  wait_for_completion = true
  # A yearly/monthly server whose order waits to be paid is PENDING_PAYMENT:
  # the wait ends at once with "Job Blocked", not after timeouts.read.
}

output "resize" {
  value = {
    status    = data.hwcjobs_job.resize.status
    server_id = data.hwcjobs_job.resize.entities["server_id"]
    sub_jobs  = [for s in data.hwcjobs_job.resize.sub_jobs : "${s.type}: ${s.status}"]
  }
}
