# Today's runs of one job (the API's default window: today 00:00 to now).
data "hwcjobs_dataarts_factory_job_instances" "today" {
  workspace_id = "b1e2c3d4a5f60718293a4b5c6d7e8f90"
  job_name     = "etl_orders_daily"
  exact_name   = true
}

# The failed runs of every job over a window of at most 7 days.
data "hwcjobs_dataarts_factory_job_instances" "failed_this_week" {
  workspace_id  = "b1e2c3d4a5f60718293a4b5c6d7e8f90"
  status        = "fail"
  min_plan_time = "2025-06-02T00:00:00Z"
  max_plan_time = "2025-06-08T23:59:59Z"
}

output "failed_runs" {
  value = {
    for run in data.hwcjobs_dataarts_factory_job_instances.failed_this_week.instances :
    "${run.job_name} ${run.plan_time}" => coalesce(run.error_message, "no message")
  }
}

output "still_running_today" {
  value = [for run in data.hwcjobs_dataarts_factory_job_instances.today.instances : run.id if !run.done]
}
