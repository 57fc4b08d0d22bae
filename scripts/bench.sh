#!/usr/bin/env bash
# make bench: how long `terraform plan` takes with this provider, against the
# local emulator, offline, compared with a plan that starts no provider.
#
# It builds the provider and the emulator into a temporary directory, starts
# the emulator with its bench data (-seed bench: the demo data plus a CSE
# engine and a DLF workspace of 10,000 jobs each), and plans each
# configuration below RUNS times, each in a directory of its own, with a
# dev_overrides CLI configuration of its own. Nothing is written to the
# repository or to $HOME. A plan reads every data source once.
#
# For each configuration it reports, as a markdown table:
#   - the wall time of `terraform plan` (median of RUNS) and its ratio to the
#     floor, the same plan of a configuration without any provider;
#   - the provider's CPU time and peak RSS, from GNU time (/usr/bin/time,
#     Debian package "time"), which runs the provider for Terraform through a
#     two-line wrapper. Its peak RSS is the kernel's own high-water mark
#     (ru_maxrss from wait4), exact and taken when the process ends, so
#     unlike polling /proc/<pid>/status it misses nothing and needs no timing.
#     Terraform starts the provider more than once per plan (to read its
#     schema, then to plan); the CPU times add up, the RSS is the largest.
#     Without GNU time these columns read n/a;
#   - the requests the emulator answered (it logs one line per request)
#     against the fewest possible: one per single-job read, one per page.
#
# The 10,000-job lists are planned twice: against an emulator that answers at
# once, and against a second one that waits LATENCY (default 40ms) before
# every answer, as a real region's round trip does (-latency).
#
# Side by side, in the same run, interleaved with the rows of this build:
#   - HWCJOBS_BENCH_OFFICIAL=/path/to/terraform-provider-huaweicloud adds
#     the same plans of the 10,000 DLF jobs, at both latencies, through the
#     official huaweicloud provider's huaweicloud_dataarts_factory_jobs, and
#     the ratios of the two (without it those rows are skipped);
#   - the 300-read plans of hwcjobs_cse_engine_job, hwcjobs_servicestage_job
#     and hwcjobs_job are planned again against a do-nothing provider of the
#     same shape (internal/bench/nothing: the same schemas
#     and validators, no request, a state from the configuration), and the
#     ratio of the two says what the provider itself adds to a small plan;
#   - HWCJOBS_BENCH_BASELINE=/path/to/terraform-provider-hwcjobs (another
#     build of this provider, e.g. of the main branch) adds the rows of the
#     large lists through that build, to compare a change before and after.
#
# Environment: RUNS (default 3), LATENCY (default 40ms), TERRAFORM (default: terraform on PATH),
# KEEP=1 keeps the temporary directory (logs, plans) and prints its path.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"
terraform=${TERRAFORM:-$(command -v terraform || true)}
runs=${RUNS:-3}
latency=${LATENCY:-40ms}
if [[ -z $terraform ]]; then
	echo "make bench needs the terraform CLI on PATH (or TERRAFORM=/path/to/terraform)" >&2
	exit 1
fi
command -v go >/dev/null || { echo "make bench needs Go on PATH" >&2; exit 1; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive number, not '$runs'" >&2; exit 1; }

# Milliseconds since the epoch (bash 5's EPOCHREALTIME).
now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
log() { printf '==> %s\n' "$*" >&2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwcjobs-bench.XXXXXX")
emulator_pid=
emulator_pids=()
cleanup() {
	local status=$?
	for emulator_pid in "${emulator_pids[@]}"; do
		stop_emulator
	done
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $tmp (emulator.log, slow/emulator.log, plans/*/plan-*.log, plans/*/rusage-*.log)" >&2
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Building the provider and the emulator"
(
	cd "$repo"
	go build -o "$tmp/bin/terraform-provider-hwcjobs" .
	go build -trimpath -ldflags '-s -w' -o "$tmp/bin/stripped/terraform-provider-hwcjobs" .
	go build -o "$tmp/bin/hwcjobs-emulator" ./cmd/hwcjobs-emulator
	go build -o "$tmp/bin/nothing/terraform-provider-hwcjobs" ./internal/bench/nothing
)

# The provider Terraform starts is a wrapper: GNU time runs the real binary
# and appends "rusage <peak RSS KiB> <user s> <system s>" to the file the
# plan being timed names in HWCJOBS_BENCH_RUSAGE.
gnu_time=/usr/bin/time
if ! { [[ -x $gnu_time ]] && "$gnu_time" -f '%M' true 2>/dev/null; }; then
	log "no GNU time at $gnu_time (apt-get install time): the provider's CPU and RSS read n/a"
	gnu_time=
fi
# wrap DIR NAME BINARY: DIR/NAME runs BINARY for Terraform.
wrap() {
	mkdir -p "$1"
	if [[ -n $gnu_time ]]; then
		cat >"$1/$2" <<EOF
#!/bin/sh
exec $gnu_time -a -o "\$HWCJOBS_BENCH_RUSAGE" -f 'rusage %M %U %S' "$3" "\$@"
EOF
		chmod +x "$1/$2"
	else
		ln -s "$3" "$1/$2"
	fi
}
wrap "$tmp/providers" terraform-provider-hwcjobs "$tmp/bin/terraform-provider-hwcjobs"
official=${HWCJOBS_BENCH_OFFICIAL:-}
baseline=${HWCJOBS_BENCH_BASELINE:-}
[[ -z $official || -x $official ]] || { echo "HWCJOBS_BENCH_OFFICIAL: no executable at $official" >&2; exit 1; }
[[ -z $baseline || -x $baseline ]] || { echo "HWCJOBS_BENCH_BASELINE: no executable at $baseline" >&2; exit 1; }
[[ -z $official ]] || wrap "$tmp/providers" terraform-provider-huaweicloud "$official"
wrap "$tmp/nothing" terraform-provider-hwcjobs "$tmp/bin/nothing/terraform-provider-hwcjobs"
[[ -z $baseline ]] || wrap "$tmp/baseline" terraform-provider-hwcjobs "$baseline"

log "Starting the emulators (bench data; the second answers after $latency)"
start_emulator "$tmp/bin/hwcjobs-emulator" bench "$tmp"
emulator_pids+=("$emulator_pid")
mkdir "$tmp/slow"
fast_url=$url
start_emulator "$tmp/bin/hwcjobs-emulator" bench "$tmp/slow" -latency "$latency"
emulator_pids+=("$emulator_pid")
slow_url=$url
url=$fast_url
# One log line per request answered: "GET /path?query -> 200 in ...". A
# plan reads from one emulator, so the two logs add up to its requests.
requests_so_far() { cat "$tmp/emulator.log" "$tmp/slow/emulator.log" | grep -c -- ' -> ' || true; }

# terraformrc DIR: a CLI configuration whose hwcjobs is that of DIR.
terraformrc() {
	cat <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/hwcjobs/hwcjobs" = "$1"
    "registry.terraform.io/huaweicloud/huaweicloud" = "$tmp/providers"
  }
  direct {}
}
EOF
}
terraformrc "$tmp/providers" >"$tmp/terraformrc"
terraformrc "$tmp/baseline" >"$tmp/terraformrc-baseline"
terraformrc "$tmp/nothing" >"$tmp/terraformrc-nothing"
# Nothing from the caller's environment may change the runs.
while read -r name; do
	unset "$name"
done < <(compgen -e | grep -E '^(HW_|TF_)' || true)
mkdir "$tmp/home"
export HOME="$tmp/home" TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# provider_block_for URL: the provider block of this build against the
# emulator at URL.
provider_block_for() {
	local url=$1
	cat <<EOF
terraform {
  required_providers {
    hwcjobs = { source = "hwcjobs/hwcjobs" }
  }
}

provider "hwcjobs" {
  region     = "cn-north-4"
  access_key = "test-ak"
  secret_key = "test-sk"
  project_id = "0123456789abcdef0123456789abcdef"
  endpoints = {
    cse          = "$url"
    dlf          = "$url"
    cce          = "$url"
    servicestage = "$url"
    iam          = "$url"
    ecs          = "$url/ecs"
  }
}
EOF
}
provider_block=$(provider_block_for "$fast_url")
slow_block=$(provider_block_for "$slow_url")

# plan NAME MIN_REQUESTS DESCRIPTION HCL: writes the configuration, plans it
# RUNS times and prints its table row; the floor (MIN_REQUESTS "-") also
# sets floor_ms for the ratios of the others. The plan runs with the CLI
# configuration cli_config (this build's providers unless set) and leaves
# its medians in last_wall_ms and last_rss_kib.
floor_ms=
cli_config=
plan() {
	local name=$1 min=$2 what=$3 hcl=$4 dir="$tmp/plans/$1"
	mkdir -p "$dir"
	printf '%s\n' "$hcl" >"$dir/main.tf"
	log "terraform plan: $what ($runs runs)"
	local walls=() cpus=() rss=() reqs=() starts=()
	for run in $(seq "$runs"); do
		local rusage="$dir/rusage-$run.log" before started
		: >"$rusage"
		before=$(requests_so_far)
		started=$(now_ms)
		if ! TF_CLI_CONFIG_FILE="${cli_config:-$tmp/terraformrc}" HWCJOBS_BENCH_RUSAGE="$rusage" timeout 900 "$terraform" -chdir="$dir" plan -input=false -lock=false -no-color \
			>"$dir/plan-$run.log" 2>&1; then
			echo "terraform plan of $name failed:" >&2
			cat "$dir/plan-$run.log" >&2
			exit 1
		fi
		walls+=($(($(now_ms) - started)))
		reqs+=($(($(requests_so_far) - before)))
		read -r cpu peak count < <(awk '$1 == "rusage" { cpu += $3 + $4; if ($2 > peak) peak = $2; n++ }
			END { printf "%.2f %d %d\n", cpu, peak, n }' "$rusage")
		cpus+=("$cpu") rss+=("$peak") starts+=("$count")
	done
	local wall req_range wall_col
	wall=$(printf '%s\n' "${walls[@]}" | median)
	# The median, and the fastest and slowest run when there are several.
	wall_col=$(seconds "$wall")
	if ((runs > 1)); then
		wall_col+=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n '1p;$p' | paste -sd ' ' |
			awk '{ printf " (%.2f-%.2f)", $1 / 1000, $2 / 1000 }')
	fi
	last_wall_ms=$wall
	last_rss_kib=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
	req_range=$(printf '%s\n' "${reqs[@]}" | sort -n | sed -n '1p;$p' | uniq | paste -sd '-')
	if [[ $min == - ]]; then
		floor_ms=$wall
		printf '| %s | %s | 1.0 | - | - | - | %s (0) |\n' "$what" "$wall_col" "$req_range"
		return
	fi
	local cpu_col=n/a rss_col=n/a starts_col=n/a
	if [[ -n $gnu_time ]]; then
		last_cpu_s=$(printf '%s\n' "${cpus[@]}" | median)
		cpu_col="$last_cpu_s s"
		rss_col="$(printf '%s\n' "${rss[@]}" | sort -n | tail -1 | awk '{ printf "%.0f MiB", $1 / 1024 }')"
		starts_col=$(printf '%s\n' "${starts[@]}" | median)
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s (%s) |\n' "$what" "$wall_col" \
		"$(awk -v a="$wall" -v b="$floor_ms" 'BEGIN { printf "%.1f", a / b }')" \
		"$cpu_col" "$rss_col" "$starts_col" "$req_range" "$min"
}

table() {
	echo "| terraform plan of | wall time (median of $runs, fastest-slowest) | × floor | provider CPU | provider peak RSS | provider starts | requests (fewest possible) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	plan floor - "no provider (floor): one output" 'output "floor" { value = "no provider" }'
	plan provider-only 0 "the provider configured, no data source" "$provider_block
output \"floor\" { value = \"provider only\" }"
	# 230 jobs, 100 a page: 3 pages.
	plan dlf-230 3 "hwcjobs_dataarts_factory_jobs, 230 jobs" "$provider_block
$dlf_demo"
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-dlf-230 3 "baseline build: hwcjobs_dataarts_factory_jobs, 230 jobs" "$provider_block
$dlf_demo"
	plan cse-job-300 300 "300 × hwcjobs_cse_engine_job" "$provider_block
$cse_jobs"
	local cse_wall=$last_wall_ms cse_cpu=${last_cpu_s:-}
	cli_config="$tmp/terraformrc-nothing" plan nothing-cse-job-300 0 "300 × hwcjobs_cse_engine_job, do-nothing provider of the same shape" "$provider_block
$cse_jobs"
	over_nothing "hwcjobs_cse_engine_job" "$cse_wall" "$cse_cpu"
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-cse-job-300 300 "baseline build: 300 × hwcjobs_cse_engine_job" "$provider_block
$cse_jobs"
	# hwcjobs_job against another single-job read: one request each.
	plan ss-job-300 300 "300 × hwcjobs_servicestage_job" "$provider_block
$ss_jobs"
	local ss_wall=$last_wall_ms ss_cpu=${last_cpu_s:-}
	cli_config="$tmp/terraformrc-nothing" plan nothing-ss-job-300 0 "300 × hwcjobs_servicestage_job, do-nothing provider of the same shape" "$provider_block
$ss_jobs"
	over_nothing "hwcjobs_servicestage_job" "$ss_wall" "$ss_cpu"
	plan job-300 300 "300 × hwcjobs_job (service ecs)" "$provider_block
$family_jobs"
	local job_wall=$last_wall_ms job_cpu=${last_cpu_s:-}
	awk -v w="$last_wall_ms" -v sw="$ss_wall" -v c="${last_cpu_s:-}" -v sc="$ss_cpu" 'BEGIN {
		printf "300 hwcjobs_job / 300 hwcjobs_servicestage_job reads: %.2fx the wall time", w / sw
		if (c != "" && sc > 0) printf ", %.2fx the provider CPU", c / sc
		printf "\n" }' >>"$tmp/side-by-side"
	cli_config="$tmp/terraformrc-nothing" plan nothing-job-300 0 "300 × hwcjobs_job (service ecs), do-nothing provider of the same shape" "$provider_block
$family_jobs"
	over_nothing "hwcjobs_job" "$job_wall" "$job_cpu"
	plan dlf-10000 100 "hwcjobs_dataarts_factory_jobs, 10,000 jobs" "$provider_block
$dlf_bench"
	local ours_wall=$last_wall_ms ours_rss=$last_rss_kib
	if [[ -n $official ]]; then
		plan official-dlf-10000 100 "official huaweicloud_dataarts_factory_jobs, 10,000 jobs" "$official_block
$official_bench"
		side_by_side "no latency"
	fi
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-dlf-10000 100 "baseline build: hwcjobs_dataarts_factory_jobs, 10,000 jobs" "$provider_block
$dlf_bench"
	plan cse-10000 100 "hwcjobs_cse_engine_jobs, 10,000 jobs with 15,000 tasks" "$provider_block
$cse_bench"
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-cse-10000 100 "baseline build: hwcjobs_cse_engine_jobs, 10,000 jobs with 15,000 tasks" "$provider_block
$cse_bench"
	# One request: the API sends every job of the project at once.
	plan cce-10000 1 "hwcjobs_cce_jobs, 10,004 jobs with 20,006 sub-jobs" "$provider_block
$cce_bench"
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-cce-10000 1 "baseline build: hwcjobs_cce_jobs, 10,004 jobs with 20,006 sub-jobs" "$provider_block
$cce_bench"
	plan dlf-10000-slow 100 "hwcjobs_dataarts_factory_jobs, 10,000 jobs, $latency a request" "$slow_block
$dlf_bench"
	ours_wall=$last_wall_ms ours_rss=$last_rss_kib
	if [[ -n $official ]]; then
		plan official-dlf-10000-slow 100 "official huaweicloud_dataarts_factory_jobs, 10,000 jobs, $latency a request" "$official_slow_block
$official_bench"
		side_by_side "$latency a request"
	fi
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-dlf-10000-slow 100 "baseline build: hwcjobs_dataarts_factory_jobs, 10,000 jobs, $latency a request" "$slow_block
$dlf_bench"
	plan cse-10000-slow 100 "hwcjobs_cse_engine_jobs, 10,000 jobs with 15,000 tasks, $latency a request" "$slow_block
$cse_bench"
	[[ -z $baseline ]] || cli_config="$tmp/terraformrc-baseline" plan baseline-cse-10000-slow 100 "baseline build: hwcjobs_cse_engine_jobs, 10,000 jobs with 15,000 tasks, $latency a request" "$slow_block
$cse_bench"
}

# over_nothing TYPE WALL_MS CPU_S: the ratios of 300 reads of TYPE (WALL_MS
# and CPU_S) to the last plan, the same reads from the do-nothing provider.
over_nothing() {
	awk -v what="$1" -v w="$2" -v nw="$last_wall_ms" -v c="$3" -v nc="${last_cpu_s:-}" 'BEGIN {
		printf "300 %s reads / the same reads from a do-nothing provider of the same shape: %.2fx the wall time", what, w / nw
		if (c != "" && nc > 0) printf ", %.2fx the provider CPU", c / nc
		printf "\n" }' >>"$tmp/side-by-side"
}

# side_by_side WHAT: the ratios of the last two plans (this build, then the
# official provider), for the summary under the table.
side_by_side() {
	awk -v what="$1" -v w="$ours_wall" -v ow="$last_wall_ms" -v r="$ours_rss" -v or="$last_rss_kib" \
		'BEGIN { printf "hwcjobs / official, 10,000 DataArts Factory jobs, %s: %.2fx the wall time, %.2fx the provider peak RSS\n", what, w / ow, r / or }' \
		>>"$tmp/side-by-side"
}

dlf_demo='data "hwcjobs_dataarts_factory_jobs" "demo" {
  workspace_id = "demo-workspace"
}
output "total" { value = data.hwcjobs_dataarts_factory_jobs.demo.total }'
cse_jobs='data "hwcjobs_cse_engine_job" "job" {
  count     = 300
  engine_id = "bench-engine"
  job_id    = count.index + 1
}
output "finished" { value = length([for j in data.hwcjobs_cse_engine_job.job : j.id if j.succeeded]) }'
ss_jobs='data "hwcjobs_servicestage_job" "job" {
  count  = 300
  job_id = format("bench-ss-%03d", count.index + 1)
}
output "succeeded" { value = length([for j in data.hwcjobs_servicestage_job.job : j.id if j.succeeded]) }'
family_jobs='data "hwcjobs_job" "job" {
  count   = 300
  service = "ecs"
  job_id  = format("bench-ecs-%03d", count.index + 1)
}
output "succeeded" { value = length([for j in data.hwcjobs_job.job : j.id if j.succeeded]) }'
dlf_bench='data "hwcjobs_dataarts_factory_jobs" "bench" {
  workspace_id = "bench-workspace"
}
output "total" { value = data.hwcjobs_dataarts_factory_jobs.bench.total }'
cse_bench='data "hwcjobs_cse_engine_jobs" "bench" {
  engine_id = "bench-engine"
}
output "total" { value = data.hwcjobs_cse_engine_jobs.bench.total }'
cce_bench='data "hwcjobs_cce_jobs" "bench" {}
output "total" { value = length(data.hwcjobs_cce_jobs.bench.jobs) }
output "sub_jobs" { value = sum([for j in data.hwcjobs_cce_jobs.bench.jobs : length(j.sub_jobs)]) }'
official_bench='data "huaweicloud_dataarts_factory_jobs" "bench" {
  workspace_id = "bench-workspace"
}
output "total" { value = length(data.huaweicloud_dataarts_factory_jobs.bench.jobs) }'

# The official provider against the emulator: the same credentials and
# project, its DataArts endpoint overridden, and no check that would call
# other services.
official_block_for() {
	local url=$1
	cat <<EOF
terraform {
  required_providers {
    huaweicloud = { source = "huaweicloud/huaweicloud" }
  }
}

provider "huaweicloud" {
  region                  = "cn-north-4"
  access_key              = "test-ak"
  secret_key              = "test-sk"
  project_id              = "0123456789abcdef0123456789abcdef"
  auth_url                = "$url/v3"
  skip_check_website_type = true
  skip_check_upgrade      = true
  endpoints = {
    dataarts = "$url/"
  }
}
EOF
}
official_block=$(official_block_for "$fast_url")
official_slow_block=$(official_block_for "$slow_url")

rows=$(table)
size() { stat -c %s "$1" | awk '{ printf "%.1f MiB", $1 / 1048576 }'; }
cat <<EOF

$rows
$(if [[ -s $tmp/side-by-side ]]; then printf '\n'; cat "$tmp/side-by-side"; fi)

Provider binary: $(size "$tmp/bin/terraform-provider-hwcjobs") as \`go build\` makes it, $(size "$tmp/bin/stripped/terraform-provider-hwcjobs") with \`-trimpath -ldflags '-s -w'\`.
Machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(go version | cut -d' ' -f3-4), $("$terraform" version | head -1).
Reproduce: \`make bench\` (RUNS=$runs, LATENCY=$latency).
EOF
