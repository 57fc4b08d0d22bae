# A module that waits until a CCE job has finished, and fails with the job's
# own reason when it failed: the kind of module a terraform test checks
# offline against the hwcjobs emulator (tests/wait.tftest.hcl).
terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "job_id" {
  type        = string
  description = "The CCE job to wait for."
}

variable "poll_interval" {
  type        = string
  default     = "10s"
  description = "Time between polls of the job."
}

data "hwcjobs_cce_job" "this" {
  job_id              = var.job_id
  wait_for_completion = true
  fail_on_error       = false
  poll_interval       = var.poll_interval

  lifecycle {
    postcondition {
      condition     = self.succeeded
      error_message = "CCE job ${self.id} ended ${self.status}: ${coalesce(self.reason, "no reason given")}"
    }
  }
}

output "status" {
  value       = data.hwcjobs_cce_job.this.status
  description = "The job's last status."
}
