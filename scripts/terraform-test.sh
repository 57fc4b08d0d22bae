#!/usr/bin/env bash
# Part of make test: what a user does with the real terraform CLI, offline.
#
#  1. make install into a temporary HOME: the provider lands in the implied
#     local mirror under the CHANGELOG's next version;
#  2. examples/terraform-test: terraform init (which finds the provider
#     there) and terraform test, against the emulator holding the jobs of
#     examples/terraform-test/jobs.json;
#  3. a configuration that also requires the official provider (a fake
#     one, in the same mirror, as nothing is downloaded) initialises;
#  4. a reinstall of the same source changes nothing; a different build of
#     the same version fails terraform init on the lock file's checksum
#     until the provider's entry is deleted from .terraform.lock.hcl, as the
#     guide "Testing offline" says.
#
# Nothing is written to the repository or to the real $HOME. Environment:
# TERRAFORM (default: terraform on PATH); KEEP=1 keeps the temporary
# directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$repo/scripts/lib.sh"
terraform=${TERRAFORM:-$(command -v terraform || true)}
[[ -n $terraform ]] || { echo "terraform-test.sh needs the terraform CLI on PATH (or TERRAFORM=/path/to/terraform)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hwcjobs-tftest.XXXXXX")
emulator_pid=
cleanup() {
	local status=$?
	stop_emulator
	if [[ ${KEEP:-} == 1 ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "terraform-test.sh: $*" >&2; exit 1; }

# Go keeps its caches and settings where they are; Terraform gets a HOME of
# its own, without a CLI configuration, so that only the implied local
# mirror serves providers, and nothing of the caller's environment.
export GOPATH=$(go env GOPATH) GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOENV=$(go env GOENV)
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(HW_|TF_CLI_ARGS|TF_CLI_CONFIG_FILE$|TF_PLUGIN_CACHE_DIR$|TF_DATA_DIR$|TF_WORKSPACE$|TF_LOG)' || true)
export HOME=$tmp/home CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
mkdir -p "$HOME"

version=$(make -s -C "$repo" --no-print-directory version)
grep -q "^## $version (Unreleased)" "$repo/CHANGELOG.md" ||
	fail "VERSION $version in GNUmakefile is not the next release of CHANGELOG.md"
platform=$(go env GOOS)_$(go env GOARCH)
installed=$HOME/.terraform.d/plugins/registry.terraform.io/hwcjobs/hwcjobs/$version/$platform/terraform-provider-hwcjobs_v$version

echo "==> make install (HOME=$HOME)"
make -s -C "$repo" --no-print-directory install >/dev/null
[[ -x $installed ]] || fail "make install did not install $installed"
first=$(sha256sum "$installed")
make -s -C "$repo" --no-print-directory install >/dev/null
[[ $(sha256sum "$installed") == "$first" ]] || fail "a reinstall of the same source changed the binary"

echo "==> terraform test examples/terraform-test against the emulator (-jobs examples/terraform-test/jobs.json)"
go build -o "$tmp/hwcjobs-emulator" "$repo/cmd/hwcjobs-emulator"
start_emulator "$tmp/hwcjobs-emulator" empty "$tmp" -jobs "$repo/examples/terraform-test/jobs.json"
cp -R "$repo/examples/terraform-test" "$tmp/module"
"$terraform" -chdir="$tmp/module" init -no-color >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; fail "terraform init failed"; }
grep -q "Installed hwcjobs/hwcjobs v$version" "$tmp/init.log" || { cat "$tmp/init.log" >&2; fail "terraform init did not install hwcjobs $version"; }
"$terraform" -chdir="$tmp/module" test -no-color -var "emulator_url=$url" | tee "$tmp/test.log"
grep -q "^Success! 3 passed, 0 failed." "$tmp/test.log" || fail "terraform test did not pass its 3 runs"
# The waits polled: every status of the jobs was read.
polls=$(grep -c "GET /cce/api/v3/projects/[0-9a-f]*/jobs/tftest-succeeds -> 200" "$tmp/emulator.log" || true)
[[ $polls == 4 ]] || fail "tftest-succeeds was polled $polls times, not 4 (Initializing, Running, Running, Success)"
# The failure that the test expects is the module's postcondition, with the
# job's own reason.
sed -n '/^provider "hwcjobs"/,/^}/p' "$tmp/emulator.out" >"$tmp/module/emulator.tf"
if "$terraform" -chdir="$tmp/module" plan -no-color -var job_id=tftest-fails >"$tmp/plan.log" 2>&1; then
	fail "the plan of the failed job succeeded"
fi
tr -s ' \n' ' ' <"$tmp/plan.log" | grep -q "CCE job tftest-fails ended Failed: Create node failed: insufficient ECS quota in the AZ" ||
	{ cat "$tmp/plan.log" >&2; fail "the plan of the failed job did not fail with its reason"; }
rm "$tmp/module/emulator.tf"

echo "==> terraform init of a configuration that also requires huaweicloud/huaweicloud"
fake=$HOME/.terraform.d/plugins/registry.terraform.io/huaweicloud/huaweicloud/1.80.0/$platform
mkdir -p "$fake" "$tmp/both"
printf '#!/bin/sh\nexit 1\n' >"$fake/terraform-provider-huaweicloud_v1.80.0"
chmod +x "$fake/terraform-provider-huaweicloud_v1.80.0"
cat >"$tmp/both/main.tf" <<EOF
terraform {
  required_providers {
    hwcjobs     = { source = "hwcjobs/hwcjobs", version = "$version" }
    huaweicloud = { source = "huaweicloud/huaweicloud" }
  }
}
EOF
"$terraform" -chdir="$tmp/both" init -no-color >"$tmp/both.log" 2>&1 || { cat "$tmp/both.log" >&2; fail "terraform init with both providers failed"; }
for p in hwcjobs/hwcjobs huaweicloud/huaweicloud; do
	grep -q "provider \"registry.terraform.io/$p\"" "$tmp/both/.terraform.lock.hcl" || fail "the lock file has no $p"
done

echo "==> a different build of the same version: the lock file's checksum"
printf 'rebuilt' >>"$installed"
if "$terraform" -chdir="$tmp/module" validate -no-color >"$tmp/validate.log" 2>&1; then
	fail "terraform validate accepted a different build of $version"
fi
tr -s ' \n' ' ' <"$tmp/validate.log" | grep -q "the cached package for registry.terraform.io/hwcjobs/hwcjobs $version (in .terraform/providers) does not match any of the checksums recorded in the dependency lock file" ||
	{ cat "$tmp/validate.log" >&2; fail "unexpected error"; }
if "$terraform" -chdir="$tmp/both" init -no-color >"$tmp/reinit.log" 2>&1; then
	fail "terraform init accepted a different build of $version"
fi
tr -s ' \n' ' ' <"$tmp/reinit.log" | grep -q "registry.terraform.io/hwcjobs/hwcjobs $version doesn't match any of the checksums previously recorded in the dependency lock file" ||
	{ cat "$tmp/reinit.log" >&2; fail "unexpected error"; }
"$terraform" -chdir="$tmp/both" init -upgrade -no-color >"$tmp/upgrade.log" 2>&1 && fail "terraform init -upgrade accepted it (the guide says it does not)"
awk '/^provider "registry.terraform.io\/hwcjobs\/hwcjobs"/ { skip = 1 } !skip { print } skip && /^}/ { skip = 0 }' \
	"$tmp/both/.terraform.lock.hcl" >"$tmp/lock" && mv "$tmp/lock" "$tmp/both/.terraform.lock.hcl"
"$terraform" -chdir="$tmp/both" init -no-color >"$tmp/reinit.log" 2>&1 || { cat "$tmp/reinit.log" >&2; fail "terraform init after deleting the lock entry failed"; }

echo "==> dev_overrides beside the installed copy, as the guide says"
mkdir -p "$tmp/dev/bin"
(cd "$repo" && go build -o "$tmp/dev/bin/terraform-provider-hwcjobs" .)
cat >"$tmp/dev/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/hwcjobs/hwcjobs" = "$tmp/dev/bin"
  }
  filesystem_mirror {
    path    = "$HOME/.terraform.d/plugins"
    include = ["registry.terraform.io/hwcjobs/hwcjobs"]
  }
  direct {
    exclude = ["registry.terraform.io/hwcjobs/hwcjobs"]
  }
}
EOF
cp -R "$repo/examples/terraform-test" "$tmp/dev/module"
TF_CLI_CONFIG_FILE=$tmp/dev/dev.tfrc "$terraform" -chdir="$tmp/dev/module" init -no-color >"$tmp/dev/init.log" 2>&1 ||
	{ cat "$tmp/dev/init.log" >&2; fail "terraform init under dev_overrides failed"; }
grep -q "Provider development overrides are in effect" "$tmp/dev/init.log" || fail "no dev_overrides in effect"
# Without the installed copy, the tests can only pass on the override. A
# fresh emulator holds the jobs at their first status.
rm "$installed"
stop_emulator
start_emulator "$tmp/hwcjobs-emulator" empty "$tmp" -jobs "$repo/examples/terraform-test/jobs.json"
TF_CLI_CONFIG_FILE=$tmp/dev/dev.tfrc "$terraform" -chdir="$tmp/dev/module" test -no-color -var "emulator_url=$url" >"$tmp/dev/test.log" 2>&1 ||
	{ cat "$tmp/dev/test.log" >&2; fail "terraform test under dev_overrides failed"; }
echo "terraform-test.sh: ok"
