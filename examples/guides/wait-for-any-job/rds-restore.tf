# A script restored an RDS instance to a point in time and kept the job id it
# got back (POST /v3/{project_id}/instances/recovery), for example:
#
#   job_id=$(hcloud RDS RestoreToExistingInstance ... | jq -r .job_id)
#   terraform apply -var "restore_job_id=$job_id"
#
# Nothing that uses the database is planned before the restore has finished.
variable "restore_job_id" {
  type = string
}

data "hwcjobs_job" "restore" {
  service             = "rds"
  job_id              = var.restore_job_id
  wait_for_completion = true
  poll_interval       = "30s"
  # RDS knows a job id only seconds after it handed it back: missing_grace
  # (30s by default for rds) polls "not found" again as pending.

  timeouts = {
    read = "2h"
  }
}

output "restored_instance" {
  value = data.hwcjobs_job.restore.entities["instance_id"]
}
