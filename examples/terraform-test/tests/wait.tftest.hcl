# Runs offline against the hwcjobs emulator holding the jobs of ../jobs.json:
#
#   hwcjobs-emulator -seed empty -jobs jobs.json -addr 127.0.0.1:8443
#   terraform init && terraform test -var emulator_url=http://127.0.0.1:8443
#
# Each job moves one status further at each poll ("every": "poll"), so the
# waits below take a few polls whatever the machine's speed.

# The emulator's URL, from -var emulator_url=..., as run.emulator.url.
run "emulator" {
  module {
    source = "./tests/emulator"
  }
}

provider "hwcjobs" {
  region     = "cn-north-4"
  project_id = "0123456789abcdef0123456789abcdef"
  access_key = "test-ak"
  secret_key = "test-sk"
  endpoints = {
    cce = "${run.emulator.url}/cce"
  }
}

run "waits_until_the_job_has_succeeded" {
  command = plan

  variables {
    job_id        = "tftest-succeeds"
    poll_interval = "100ms"
  }

  # The job was Initializing at the first poll: only a wait sees Success.
  assert {
    condition     = output.status == "Success"
    error_message = "The wait ended at ${output.status}, not at Success."
  }
}

run "fails_with_the_jobs_reason" {
  command = plan

  variables {
    job_id        = "tftest-fails"
    poll_interval = "100ms"
  }

  expect_failures = [data.hwcjobs_cce_job.this]
}
