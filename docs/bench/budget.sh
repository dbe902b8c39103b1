#!/usr/bin/env bash
# The CPU budget of vote ingestion on this host (docs/benchmarks.md, "What one vote costs"): what the ingestion path
# (wrk, kernel, vote, the durable queue) and the storage path (worker, PostgreSQL, result) each cost per vote, measured
# from /proc while wrk runs: once with the whole system, once with the worker stopped (SIGSTOP: it takes nothing from
# the queue until SIGCONT, and the durable queue keeps the votes). Aspire's own processes are listed too: the
# dashboard (it receives the services' telemetry when they export it), DCP and the AppHost.
# Run it against a Release AppHost:
#   Hosting__RedisServer=garnet dotnet run -c Release --no-build --project VotingApp.AppHost -- --Telemetry:Export=false
# (leave out Telemetry:Export=false to measure the default configuration, telemetry exported to the dashboard).
# Needs: wrk, python3. Every loop is bounded; traffic stays on loopback. The worker is resumed at the end, and
# the script waits until every acknowledged vote is stored.
set -euo pipefail
cd "$(dirname "$0")/../.."
VOTE=${VOTE:-http://localhost:8080}
RESULT=${RESULT:-http://localhost:8081}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
total() { curl -s "$RESULT/api/results" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"; }
source docs/bench/lib.sh

# CPU ticks (user + system) of every process, by role
ticks() {
    python3 - <<'PY'
import os, re
roles = [("dashboard", r"Aspire\.Dashboard"), ("dcp", r"/dcp "), ("apphost", r"VotingApp\.AppHost\b"), ("vote", r"VotingApp\.Vote\b"), ("worker", r"VotingApp\.Worker\b"), ("result", r"VotingApp\.Result\b"),
         ("queue", r"GarnetServer|redis-server"), ("postgres", r"^(/\S+/)?postgres\b"), ("wrk", r"^wrk\b")]
sums = {r: 0 for r, _ in roles}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    for role, pattern in roles:
        if re.search(pattern, cmd):
            sums[role] += int(stat[11]) + int(stat[12]) + int(stat[13]) + int(stat[14])  # own and reaped children
            break
print(" ".join(f"{r}={v}" for r, v in sums.items()))
PY
}
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6}' /proc/stat; }

measure() {
    local label=$1
    wrk -t2 -c32 -d3s -s docs/bench/vote.lua "$VOTE/" > "$runs/$RANDOM-warmup.txt"
    local before_ticks before_cpu out
    before_ticks=$(ticks); before_cpu=$(busy)
    # wrk runs in the background so that its own CPU is counted while it is alive
    wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s docs/bench/vote.lua "$VOTE/" > /tmp/votingapp-budget-wrk.txt &
    local wrk_pid=$!
    sleep $((SECONDS_PER_RUN - 1)); local wrk_ticks
    wrk_ticks=$(awk '{print $14+$15}' "/proc/$wrk_pid/stat")
    wait $wrk_pid
    cp /tmp/votingapp-budget-wrk.txt "$runs/$RANDOM-run.txt"
    out=$(ticks); local after_cpu; after_cpu=$(busy)
    python3 - "$label" "$before_ticks" "$out" "$before_cpu" "$after_cpu" "$wrk_ticks" "$SECONDS_PER_RUN" <<'PY'
import os, re, sys
label, before, after, cpu0, cpu1, wrk_ticks, secs = sys.argv[1:]
text = open("/tmp/votingapp-budget-wrk.txt").read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+(\S+)", text).group(1)
hz = os.sysconf("SC_CLK_TCK")
b = dict(kv.split("=") for kv in before.split()); a = dict(kv.split("=") for kv in after.split())
cost = {k: (int(a[k]) - int(b[k])) / hz for k in a if k != "wrk"}
cost["wrk"] = int(wrk_ticks) / hz * float(secs) / (float(secs) - 1)
busy0, idle0 = map(float, cpu0.split()); busy1, idle1 = map(float, cpu1.split())
busy = (busy1 - busy0) / (busy1 - busy0 + idle1 - idle0)
votes = rate * float(secs)
us = lambda s: s / votes * 1e6
machine = busy * 2 * float(secs)
print(f"== {label}: {rate:,.0f} votes/s, p99 {p99}, CPU busy {busy:.0%} of 2 cores")
for k in ("vote", "queue", "wrk", "worker", "postgres", "result", "dashboard", "dcp", "apphost"):
    print(f"  {k:<9} {cost[k]:6.2f} s  {us(cost[k]):6.1f} µs/vote")
other = machine - sum(cost.values())
print(f"  {'kernel+other':<9} {other:6.2f} s  {us(other):6.1f} µs/vote   (softirq of loopback TCP, kworkers)")
print(f"  all       {machine:6.2f} s  {us(machine):6.1f} µs/vote -> 2 cores at 100 % would carry {2e6 / us(machine):,.0f} votes/s")
print(f"  storage path (worker + postgres + result): {us(cost['worker'] + cost['postgres'] + cost['result']):.1f} µs/vote")
PY
}

before=$(total)
measure "whole system (votes are stored while they arrive)"
worker=$(service_pid Worker)
kill -STOP "$worker"
trap 'kill -CONT "$worker" || true; rm -rf "$runs"' EXIT
measure "ingestion path alone (worker stopped; the queue keeps the votes)"
kill -CONT "$worker"
trap 'rm -rf "$runs"' EXIT
# every wrk run (warm-ups too) used voters of its own: each answered vote must be stored once the queue is drained
sent=$(cat "$runs"/*.txt | grep -oE '^ +[0-9]+ requests' | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')
failed=$(cat "$runs"/*.txt | grep -oE 'non-2xx or errors: [0-9]+' | grep -oE '[0-9]+$' | awk '{s += $1} END {print s + 0}')
acknowledged=$((sent - failed))
for _ in $(seq 1 600); do [ "$(( $(total) - before ))" -ge "$acknowledged" ] && break; sleep 0.5; done
stored=$(( $(total) - before ))
# (a few more can be stored: requests in flight when wrk stopped counting, at most 32 per run)
echo "== after the worker started again: $acknowledged votes acknowledged, $stored stored"
[ "$stored" -ge "$acknowledged" ] || { echo "LOST: $((acknowledged - stored)) acknowledged votes are not stored"; exit 1; }
