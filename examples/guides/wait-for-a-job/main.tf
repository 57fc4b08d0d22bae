terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "deploy_job_id" {
  description = "The job_id that deploying the ServiceStage component returned."
  type        = string
}

# The read polls the job until its status is terminal. A job that ends
# FAILED, CANCELLED, ROLLBACKED, ... fails the read with the messages of its
# tasks (fail_on_error defaults to true), so nothing below is planned.
data "hwcjobs_servicestage_job" "deploy" {
  job_id              = var.deploy_job_id
  wait_for_completion = true
  poll_interval       = "15s"

  timeouts = {
    read = "30m"
  }
}

# Referring to an attribute of the job orders this resource after the wait,
# and replaces it whenever another job has been waited for.
resource "terraform_data" "release" {
  input = {
    job_id = data.hwcjobs_servicestage_job.deploy.id
    status = data.hwcjobs_servicestage_job.deploy.execution_status
  }
}

# depends_on orders a resource after the wait without using any of the job's
# attributes.
resource "terraform_data" "smoke_test" {
  triggers_replace = [var.deploy_job_id]

  depends_on = [data.hwcjobs_servicestage_job.deploy]
}
