terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "workspace_id" {
  description = "The DataArts Studio workspace of the job."
  type        = string
}

variable "job_name" {
  description = "The DataArts Factory job, such as a daily ETL job."
  type        = string
}

# Without instance_id: the job's latest run, the one with the latest plan
# time in the last 7 days. The wait keeps to the run it picked at its first
# poll. A failed run fails the read with its failed nodes and their logs.
data "hwcjobs_dataarts_factory_job_instance" "latest" {
  workspace_id        = var.workspace_id
  job_name            = var.job_name
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "2h"
  }

  # The latest run may be yesterday's when today's has not been planned yet.
  lifecycle {
    postcondition {
      condition     = timecmp(self.plan_time, timeadd(plantimestamp(), "-24h")) >= 0
      error_message = "The latest run of ${var.job_name} (${self.id}) was planned at ${self.plan_time}, more than a day ago: today's run has not started yet."
    }
  }
}

# Every run of today instead: without min_plan_time and max_plan_time the API
# lists the runs planned since 00:00 today. exact_name keeps out the jobs
# whose names merely contain job_name. Only runs the wait saw pending can
# fail it: a run that had failed before the plan does not.
data "hwcjobs_dataarts_factory_job_instances" "today" {
  workspace_id        = var.workspace_id
  job_name            = var.job_name
  exact_name          = true
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "2h"
  }
}

# Whatever reads the job's output: planned only after both waits.
resource "terraform_data" "report" {
  input = {
    run    = data.hwcjobs_dataarts_factory_job_instance.latest.id
    status = data.hwcjobs_dataarts_factory_job_instance.latest.status
  }

  depends_on = [data.hwcjobs_dataarts_factory_job_instances.today]
}

output "runs_today" {
  value = { for run in data.hwcjobs_dataarts_factory_job_instances.today.instances : run.id => run.status }
}
