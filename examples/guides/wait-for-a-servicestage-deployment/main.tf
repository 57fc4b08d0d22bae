terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "application_id" {
  description = "The ServiceStage application of the component."
  type        = string
}

variable "component_id" {
  description = "The ServiceStage component that was deployed."
  type        = string
}

variable "component_version" {
  description = "The version of the component whose deployment to wait for."
  type        = string
}

# The official provider lists the component's execution records, each with
# the jobs it started (records[*].jobs[*].job_id). (The provider's own tests
# plan this configuration offline against a stand-in of this data source, of
# the same shape: the official provider cannot be installed there.)
data "huaweicloud_servicestagev3_component_records" "component" {
  application_id = var.application_id
  component_id   = var.component_id
}

locals {
  # The jobs of the records of that version.
  deploy_job_ids = toset(flatten([
    for record in data.huaweicloud_servicestagev3_component_records.component.records :
    [for job in record.jobs : job.job_id] if record.version == var.component_version
  ]))
}

# One wait per job. A failed job fails the read with the messages of its
# tasks. allow_missing: the plans after this one still read these jobs, and
# ServiceStage may no longer know them by then.
data "hwcjobs_servicestage_job" "deploy" {
  for_each = local.deploy_job_ids

  job_id              = each.value
  wait_for_completion = true
  allow_missing       = true
  poll_interval       = "15s"

  timeouts = {
    read = "30m"
  }
}

# Planned only once every job of the deployment has finished.
resource "terraform_data" "release" {
  input = {
    version = var.component_version
    jobs    = { for id, job in data.hwcjobs_servicestage_job.deploy : id => job.execution_status }
  }
}
