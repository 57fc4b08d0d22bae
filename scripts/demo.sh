#!/usr/bin/env bash
# make demo: one real `terraform apply` of examples/demo against the local
# emulator, offline, in about ten seconds.
#
# It builds the provider and the emulator into a temporary directory, starts
# the emulator with its demo data, points Terraform at the freshly built
# provider with a dev_overrides CLI configuration of its own, applies a copy of
# examples/demo there, prints the outputs and how long the waits took, and
# stops the emulator. Nothing is written to the repository or to $HOME.
#
# Environment: TERRAFORM (default: terraform on PATH); KEEP=1 keeps the
# temporary directory (logs, state) and prints its path.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"
terraform=${TERRAFORM:-$(command -v terraform || true)}
if [[ -z $terraform ]]; then
	echo "make demo needs the terraform CLI on PATH (or TERRAFORM=/path/to/terraform)" >&2
	exit 1
fi
command -v go >/dev/null || { echo "make demo needs Go on PATH" >&2; exit 1; }

# Milliseconds since the epoch; bash 5 has EPOCHREALTIME, older ones get
# whole seconds.
now_ms() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		local t=${EPOCHREALTIME/[.,]/}
		echo $((t / 1000))
	else
		echo $(($(date +%s) * 1000))
	fi
}
seconds_since() { # start_ms -> "1.2"
	local ms=$(($(now_ms) - $1))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
step() { printf '\n==> %s\n' "$*"; }

started=$(now_ms)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwcjobs-demo.XXXXXX")
emulator_pid=
cleanup() {
	local status=$?
	stop_emulator
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $tmp (emulator.log, terraform.log, apply.log, work/)"
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Building the provider and the emulator"
(cd "$repo" && go build -o "$tmp/providers/terraform-provider-hwcjobs" . && go build -o "$tmp/hwcjobs-emulator" ./cmd/hwcjobs-emulator)

step "Starting the emulator (demo data; its jobs start now)"
start_emulator "$tmp/hwcjobs-emulator" demo "$tmp"
echo "emulator at $url"

# Terraform runs against the provider just built, with a CLI configuration,
# data directory and state of its own inside $tmp. dev_overrides needs no
# `terraform init` (Terraform warns that the overrides are in effect).
cat >"$tmp/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/hwcjobs/hwcjobs" = "$tmp/providers"
  }
  direct {}
}
EOF
mkdir "$tmp/work"
cp "$repo"/examples/demo/*.tf "$tmp/work/"

# Nothing from the caller's environment may point the demo at a real cloud or
# change the run: HW_* credentials, TF_CLI_ARGS, workspaces.
while read -r name; do
	unset "$name"
done < <(compgen -e | grep -E '^(HW_|TF_CLI_ARGS|TF_WORKSPACE$|TF_LOG)' || true)
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" TF_DATA_DIR="$tmp/work/.terraform"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_LOG_PROVIDER=INFO TF_LOG_PATH="$tmp/terraform.log" # the provider logs each poll
export HW_ACCESS_KEY=test-ak HW_SECRET_KEY=test-sk           # the emulator's default credentials

step "terraform apply examples/demo (reads every data source; seven of them wait)"
apply_started=$(now_ms)
# Only the progress lines are shown while it runs; apply.log has everything.
set +e
"$terraform" -chdir="$tmp/work" apply -auto-approve -no-color -var "emulator_url=$url" 2>&1 |
	tee "$tmp/apply.log" |
	grep --line-buffered -E '^(data\.|terraform_data\.)|^Apply complete'
apply_status=${PIPESTATUS[0]}
set -e
apply_time=$(seconds_since "$apply_started")
if [[ $apply_status != 0 ]]; then
	echo "terraform apply failed (exit $apply_status):" >&2
	cat "$tmp/apply.log" >&2
	exit 1
fi

step "Outputs"
"$terraform" -chdir="$tmp/work" output -no-color

step "The waits (they ran at the same time)"
# One "Polled job" line per poll in the provider log, for each job or list
# waited on: how many polls, the statuses seen, and the time from the first
# poll to the last. A list's status is how many of its jobs were pending.
awk '
	function field(name,    v) {              # the value of name=value or name="..."
		if (!match($0, " " name "=(\"[^\"]*\"|[^ ]+)")) return ""
		v = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 2)
		if (v ~ /^"/) v = substr(v, 2, length(v) - 2)
		return v
	}
	function seconds(    hms) {               # 2006-01-02T15:04:05.000Z -> seconds of the day
		split(substr($1, 12), hms, ":")
		return hms[1] * 3600 + hms[2] * 60 + hms[3]
	}
	/Picked the latest run/ { run[field("job")] = field("instance_id") }
	/Polled job/ {
		job = field("job"); status = field("status"); t = seconds()
		sub(/:.*/, "", status)                    # "1 of 3 jobs pending: ..." -> "1 of 3 jobs pending"
		if (!(job in polls)) { order[++n] = job; first[job] = t; seen[job] = status }
		else if (status != last_status[job]) { seen[job] = seen[job] " -> " status }
		polls[job]++; last[job] = t; last_status[job] = status
	}
	END {
		if (n == 0) { print "no polls in the provider log"; exit }
		for (i = 1; i <= n; i++) {
			job = order[i]; waited = last[job] - first[job]; if (waited < 0) waited += 86400
			name = job
			for (j in run) if (index(job, "DataArts Factory job " j " (latest run)") == 1) name = job ", run " run[j]
			printf "%s: %d polls over %.1f s: %s\n", name, polls[job], waited, seen[job]
		}
	}' "$tmp/terraform.log"
echo "terraform apply took ${apply_time} s; the whole demo $(seconds_since "$started") s"
