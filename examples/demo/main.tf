# The configuration of `make demo` (scripts/demo.sh): every hwcjobs data
# source against the local emulator and its demo data (SeedDemo in
# internal/emulator/seed.go), whose jobs start when the emulator starts.

terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

variable "emulator_url" {
  description = "The base URL of the emulator, for every service; scripts/demo.sh sets it."
  type        = string
}

# Credentials come from HW_ACCESS_KEY and HW_SECRET_KEY. project_id is not
# set, so the provider looks the project of the region up from (emulated) IAM.
provider "hwcjobs" {
  region = "cn-north-4"
  endpoints = merge(
    { for service in ["cse", "dlf", "cce", "servicestage", "iam"] : service => var.emulator_url },
    # The job APIs of hwcjobs_job share their paths: the emulator tells them
    # apart by the endpoint key as a path prefix.
    { for service in ["ecs", "rds", "mrs"] : service => "${var.emulator_url}/${service}" },
  )
}

# 1. Wait for a deployment: ServiceStage job JOB-demo-wait is RUNNING for 4
#    seconds after the emulator starts, then SUCCEEDED.
data "hwcjobs_servicestage_job" "deploy" {
  job_id              = "JOB-demo-wait"
  wait_for_completion = true
  poll_interval       = "500ms"

  timeouts = {
    read = "1m"
  }

  lifecycle {
    postcondition {
      condition     = self.succeeded
      error_message = "ServiceStage job ${self.id} ended ${self.execution_status}."
    }
  }
}

# Created only once the deployment has succeeded, because it refers to it.
resource "terraform_data" "after_deploy" {
  input = "created after ServiceStage job ${data.hwcjobs_servicestage_job.deploy.id} reached ${data.hwcjobs_servicestage_job.deploy.execution_status}"
}

# 2. A CSE job that fails (Init, Executing, then Error, 2 seconds apart).
#    fail_on_error = false reads the failed job instead of failing the plan.
data "hwcjobs_cse_engine_job" "configure" {
  engine_id           = "demo-engine"
  job_id              = "43"
  wait_for_completion = true
  fail_on_error       = false
  poll_interval       = "500ms"
}

# Every job of the engine, listed after the wait above so that it shows how
# the jobs ended.
data "hwcjobs_cse_engine_jobs" "demo_engine" {
  engine_id = "demo-engine"

  depends_on = [data.hwcjobs_cse_engine_job.configure]
}

# 3. 230 DataArts Factory batch jobs: three pages of 100.
data "hwcjobs_dataarts_factory_jobs" "demo_workspace" {
  workspace_id = "demo-workspace"
}

# 4. Every CCE job of the project, sub-jobs flattened.
data "hwcjobs_cce_jobs" "all" {}

# 5. Wait until nothing runs on the demo cluster: its CreateNode job runs for
#    4 seconds. Only jobs the wait saw pending can fail it, so the cluster's
#    ScaleupCluster job, which had failed before, does not.
data "hwcjobs_cce_jobs" "demo_cluster" {
  cluster_id          = "0d1c2b3a-cccc-11f0-8000-0255ac10003f"
  wait_for_completion = true
  poll_interval       = "500ms"

  timeouts = {
    read = "1m"
  }
}

# The job the wait above was for, with its sub-jobs.
data "hwcjobs_cce_job" "create_node" {
  job_id = "0d1c2b3a-0020-11f0-8000-0255ac10003f"

  depends_on = [data.hwcjobs_cce_jobs.demo_cluster]
}

# 6. Wait for the latest run of DataArts Factory job demo_daily_etl (no
#    instance_id): run 9003, running for 4 seconds.
data "hwcjobs_dataarts_factory_job_instance" "daily_etl" {
  workspace_id        = "demo-workspace"
  job_name            = "demo_daily_etl"
  wait_for_completion = true
  poll_interval       = "500ms"

  timeouts = {
    read = "1m"
  }
}

# The job's runs of the last day, after the wait above.
data "hwcjobs_dataarts_factory_job_instances" "daily_etl" {
  workspace_id  = "demo-workspace"
  job_name      = "demo_daily_etl"
  exact_name    = true
  min_plan_time = timeadd(plantimestamp(), "-24h")

  depends_on = [data.hwcjobs_dataarts_factory_job_instance.daily_etl]
}

# 8. Any service's job id: an ECS resize (RUNNING for 4 seconds, then
#    SUCCESS), and an RDS restore whose job id RDS knows only after 2
#    seconds: missing_grace (30s by default for rds) polls "not found" again.
data "hwcjobs_job" "resize" {
  service             = "ecs"
  job_id              = "ff8080827e7810fb017f06338a731328"
  wait_for_completion = true
  poll_interval       = "500ms"
}

data "hwcjobs_job" "restore" {
  service             = "rds"
  job_id              = "dff1d289-4d03-4942-8b9f-463ea07c000d"
  wait_for_completion = true
  poll_interval       = "500ms"
}

# 9. An MRS Spark job that YARN reports FINISHED with the result FAILED: a
#    failure here (the official provider reads it as a success).
#    fail_on_error = false reads it instead of failing the plan.
data "hwcjobs_mrs_job" "spark" {
  cluster_id          = "c7d1e0f2-5a3b-4c6d-8e9f-0a1b2c3d4e5f"
  job_id              = "431b135e-c090-489f-b1db-0abe3822b855"
  wait_for_completion = true
  fail_on_error       = false
  poll_interval       = "500ms"
}

output "any_service_jobs" {
  value = {
    ecs_resize  = "${data.hwcjobs_job.resize.status}, sub-jobs: ${join(", ", [for s in data.hwcjobs_job.resize.sub_jobs : "${s.type} ${s.status}"])}"
    rds_restore = "${data.hwcjobs_job.restore.status} (${data.hwcjobs_job.restore.entities["instance_name"]}, progress ${data.hwcjobs_job.restore.progress})"
    mrs_spark   = "${data.hwcjobs_mrs_job.spark.state}/${data.hwcjobs_mrs_job.spark.result}: succeeded = ${data.hwcjobs_mrs_job.spark.succeeded}"
  }
}

locals {
  cse_jobs = data.hwcjobs_cse_engine_jobs.demo_engine.jobs
  dlf_jobs = data.hwcjobs_dataarts_factory_jobs.demo_workspace.jobs
  cce_jobs = data.hwcjobs_cce_jobs.all.jobs
}

output "servicestage_job" {
  description = "The job the plan waited for."
  value = {
    id        = data.hwcjobs_servicestage_job.deploy.id
    status    = data.hwcjobs_servicestage_job.deploy.execution_status
    succeeded = data.hwcjobs_servicestage_job.deploy.succeeded
    tasks     = [for task in data.hwcjobs_servicestage_job.deploy.tasks : "${task.index}. ${task.name}: ${task.status}"]
  }
}

output "after_deploy" {
  value = terraform_data.after_deploy.output
}

output "cse_engine_jobs" {
  value = {
    total     = data.hwcjobs_cse_engine_jobs.demo_engine.total
    by_status = { for status in distinct(local.cse_jobs[*].status) : status => length([for job in local.cse_jobs : job if job.status == status]) }
  }
}

output "dataarts_factory_jobs" {
  value = {
    total           = data.hwcjobs_dataarts_factory_jobs.demo_workspace.total
    by_status       = { for status in distinct(local.dlf_jobs[*].status) : status => length([for job in local.dlf_jobs : job if job.status == status]) }
    last_run_failed = length([for job in local.dlf_jobs : job if job.last_instance_status == "fail"])
  }
}

output "cce_jobs" {
  value = {
    total     = length(local.cce_jobs)
    sub_jobs  = length(flatten(local.cce_jobs[*].sub_jobs))
    succeeded = length([for job in local.cce_jobs : job if job.succeeded])
  }
}

output "cce_cluster_wait" {
  description = "The jobs of the demo cluster once none was running."
  value = {
    jobs     = { for job in data.hwcjobs_cce_jobs.demo_cluster.jobs : "${job.type} ${job.id}" => job.status }
    sub_jobs = { for sub in data.hwcjobs_cce_job.create_node.sub_jobs : "${sub.type} ${sub.id}" => sub.status }
  }
}

output "dataarts_latest_run" {
  description = "The run the plan waited for."
  value = {
    job    = data.hwcjobs_dataarts_factory_job_instance.daily_etl.job_name
    run    = data.hwcjobs_dataarts_factory_job_instance.daily_etl.id
    status = data.hwcjobs_dataarts_factory_job_instance.daily_etl.status
    nodes  = [for node in data.hwcjobs_dataarts_factory_job_instance.daily_etl.nodes : "${node.name}: ${node.status}"]
  }
}

output "dataarts_runs" {
  value = { for run in data.hwcjobs_dataarts_factory_job_instances.daily_etl.instances : run.id => run.status }
}

# 7. The failed jobs with their reasons: a CSE job's are the logs of its
#    tasks, a CCE job and a DataArts run have a reason.
output "failed_jobs" {
  value = merge(
    {
      for job in local.cse_jobs : "CSE ${job.type} job ${job.id}" => join("; ", [for task in job.tasks : task.log if task.log != null && task.log != ""])
      if job.done && !job.succeeded
    },
    {
      for job in local.cce_jobs : "CCE ${job.type} job ${job.id}" => coalesce(job.reason, "no reason given")
      if job.done && !job.succeeded
    },
    {
      for run in data.hwcjobs_dataarts_factory_job_instances.daily_etl.instances : "DataArts run ${run.id} of ${run.job_name}" => coalesce(run.error_message, "no reason given")
      if run.done && !run.succeeded
    },
  )
}
