# Wait for the latest run of a job (the one with the latest plan time in the
# last 7 days). When it fails, the read fails with its failed nodes and the
# OBS paths of their logs.
data "hwcjobs_dataarts_factory_job_instance" "latest" {
  workspace_id        = "b1e2c3d4a5f60718293a4b5c6d7e8f90"
  job_name            = "etl_orders_daily"
  wait_for_completion = true
  poll_interval       = "30s"

  timeouts = {
    read = "2h"
  }
}

# One run by its id, read once, with its nodes.
data "hwcjobs_dataarts_factory_job_instance" "run" {
  job_name    = "etl_orders_daily"
  instance_id = "3312771"
}

output "latest_run" {
  value = "${data.hwcjobs_dataarts_factory_job_instance.latest.instance_id}: ${data.hwcjobs_dataarts_factory_job_instance.latest.status}"
}

output "node_logs" {
  value = { for node in data.hwcjobs_dataarts_factory_job_instance.run.nodes : node.name => node.log_path if !node.succeeded }
}
