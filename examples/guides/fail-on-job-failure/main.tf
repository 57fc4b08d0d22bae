terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "engine_id" {
  type = string
}

variable "upgrade_job_id" {
  type = string
}

variable "cluster_id" {
  type = string
}

# Wait for the upgrade and decide with a postcondition. fail_on_error = false
# lets the read itself succeed whatever the job's end, so that the
# postcondition's own message is the one shown.
data "hwcjobs_cse_engine_job" "upgrade" {
  engine_id           = var.engine_id
  job_id              = var.upgrade_job_id
  wait_for_completion = true
  fail_on_error       = false

  lifecycle {
    postcondition {
      condition     = self.succeeded
      error_message = <<-EOT
        The upgrade of engine ${self.engine_id} (job ${self.id}) ended ${self.status}:
        ${join("\n", [for task in flatten(self.phases[*].tasks) : task.log if task.log != null && task.log != ""])}
        Roll the engine back before applying again.
      EOT
    }
  }
}

# Without waiting: refuse to plan while a job of the cluster is still running.
data "hwcjobs_cce_jobs" "cluster" {
  cluster_id = var.cluster_id

  lifecycle {
    postcondition {
      condition = alltrue([for job in self.jobs : job.done])
      error_message = "Cluster ${var.cluster_id} is busy: ${join(", ", [
        for job in self.jobs : "${job.type} ${job.id} is ${job.status}" if !job.done
      ])}. Apply again when these jobs have finished."
    }
  }
}

# A check block warns instead of failing: the plan goes on, and the warning
# names the failed job.
check "last_upgrade" {
  data "hwcjobs_cse_engine_job" "last_upgrade" {
    engine_id = var.engine_id
    job_id    = var.upgrade_job_id
  }

  assert {
    condition     = !data.hwcjobs_cse_engine_job.last_upgrade.done || data.hwcjobs_cse_engine_job.last_upgrade.succeeded
    error_message = "CSE job ${var.upgrade_job_id} ended ${data.hwcjobs_cse_engine_job.last_upgrade.status}."
  }
}
