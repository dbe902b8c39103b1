#!/usr/bin/env bash
# Vote -> live latency (the seed tool's probe, 1,000 probes) and where the CPU goes meanwhile, per process of the whole
# system (services, AppHost, DCP, the dashboard, the servers), for one or more trees built in Release, interleaved.
# Written to find why the live p99 doubled with telemetry exported to the Aspire dashboard (docs/benchmarks.md).
#   docs/bench/live-cpu.sh name:tree [name:tree ...]      e.g. docs/bench/live-cpu.sh before:/tmp/before after:.
# Environment: RUNS (default 3); EXTRA, arguments for every AppHost (e.g. --Telemetry:Export=false); OUT, the report
# (default /tmp/votingapp-live-cpu.txt). Any other variable is inherited by the AppHost and its services, e.g.
# Telemetry__TracesPerSecond=10. Uses the default ports 8080/8081/18888: nothing else may hold them.
set -euo pipefail
RUNS=${RUNS:-3}
out=${OUT:-/tmp/votingapp-live-cpu.txt}
EXTRA=${EXTRA:-}
[ $# -gt 0 ] || { echo "usage: docs/bench/live-cpu.sh name:tree [name:tree ...]"; exit 2; }
: > "$out"
snap=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
# the processes of a running system, by the name each is reported under
PATTERN='VotingApp\.(Vote|Result|Worker|AppHost)|Aspire\.Dashboard|GarnetServer|redis-server|postgres|/dcp '
# one line per process: CPU clock ticks (user + system) and its name
cpu_by_process() {
    for p in $(pgrep -f "$PATTERN"); do
        local ticks name
        ticks=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) || continue
        name=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -oE "$PATTERN" | head -1)
        echo "${ticks:-0} ${name:-other}"
    done
}
one_run() {
    local name=$1 tree=$2 run=$3
    # $EXTRA unquoted: empty, or AppHost arguments separated by spaces
    start_apphost "$tree" "$snap/$name-$run.log" $EXTRA || exit 1
    local pgid=$APPHOST_PGID
    sleep 15
    cpu_by_process > "$snap/idle0"; sleep 30; cpu_by_process > "$snap/idle1"
    local lat
    lat=$(dotnet "$tree/VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll" \
        --vote-url http://localhost:8080 --result-url http://localhost:8081 latency --probes 1000)
    cpu_by_process > "$snap/probes1"
    python3 - "$name" "$run" "$(awk '$1 == "p50" {print $2}' <<< "$lat")" "$(awk '$1 == "p99" {print $2}' <<< "$lat")" \
        "$snap/idle0" "$snap/idle1" "$snap/probes1" <<'PY' | tee -a "$out"
import sys
name, run, p50, p99, idle0, idle1, probes1 = sys.argv[1:]
def read(path):
    by_name = {}
    for line in open(path):
        ticks, _, proc = line.strip().partition(" ")
        by_name[proc] = by_name.get(proc, 0) + int(ticks)
    return by_name
a, b, c = read(idle0), read(idle1), read(probes1)
idle = sum(b.values()) - sum(a.values())
during = {k: (c[k] - b.get(k, 0)) * 10 for k in c}   # clock ticks of 10 ms
print(f"{name} run {run}: probes p50 {p50} ms, p99 {p99} ms; whole system CPU: idle {idle * 10 / 30:.0f} ms/s, "
      f"during the probes {sum(during.values()):,} ms")
for proc, ms in sorted(during.items(), key=lambda kv: -kv[1])[:8]:
    print(f"    {ms:6,} ms  {proc}")
PY
    stop_apphost "$pgid"
    sleep 3
}
for run in $(seq 1 "$RUNS"); do
    for tree in "$@"; do one_run "${tree%%:*}" "${tree#*:}" "$run"; done
done
echo "report: $out"
