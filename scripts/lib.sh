# Shared by demo.sh and bench.sh; source it, don't run it.

# start_emulator BINARY SEED DIR [FLAG...] starts the emulator with the given
# seed data and flags, its output in DIR, and sets emulator_pid and url once
# it listens. It runs in
# a process group of its own (set -m), so that Ctrl-C reaches Terraform but
# not the emulator its reads are polling: Terraform finishes the read in
# progress and stops, then the caller's cleanup stops the emulator.
start_emulator() {
	local binary=$1 seed=$2 dir=$3
	set -m
	"$binary" -seed "$seed" "${@:4}" >"$dir/emulator.out" 2>"$dir/emulator.log" &
	emulator_pid=$!
	set +m
	url=
	for _ in $(seq 300); do
		url=$(sed -n 's/^HWCJOBS_EMULATOR_URL=//p' "$dir/emulator.out")
		[[ -n $url ]] && return 0
		kill -0 "$emulator_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "the emulator did not start:" >&2
	cat "$dir/emulator.log" >&2
	exit 1
}

# stop_emulator stops the emulator start_emulator started, if it runs.
stop_emulator() {
	if [[ -n ${emulator_pid:-} ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill -TERM "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
}
