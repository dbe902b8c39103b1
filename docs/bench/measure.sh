#!/usr/bin/env bash
# One run of the before/after measures of docs/benchmarks.md against a running Release AppHost: idle RSS of each
# service, ingestion with wrk (10 s warm-up, then 20 s; every acknowledged vote must be stored), vote -> live channel
# latency (the seed tool, 300 probes) and the 1,000,000-vote worker drain. Prints one `key=value` line per measure.
# Everything it needs is found from /proc (the services' pids, and the queue's connection string the AppHost gave the
# worker), so it measures any tree's AppHost on the default ports 8080/8081: docs/bench/before-after.sh uses it on two.
#   docs/bench/measure.sh [path to the tree's VotingApp.Seed.dll]
# Needs wrk and python3; runs as the user that runs the AppHost (it reads the worker's environment). Every loop is
# bounded; traffic stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
VOTE=${VOTE:-http://localhost:8080}
RESULT=${RESULT:-http://localhost:8081}
SEED_DLL=${1:-VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll}
SEED=(dotnet "$SEED_DLL" --vote-url "$VOTE" --result-url "$RESULT")
total() { curl -sf "$RESULT/api/results" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"; }
source docs/bench/lib.sh
worker=$(service_pid Worker)
redis=$(process_env "$worker" ConnectionStrings__cache)
[ -n "$redis" ] || { echo "measure: the worker has no ConnectionStrings__cache"; exit 1; }

for svc in Vote Result Worker; do
    echo "rss_$svc=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$(service_pid $svc)/status")"
done

wrk -t2 -c32 -d10s -s docs/bench/vote.lua "$VOTE/" > /dev/null
sleep 2; before=$(total)
out=$(wrk -t2 -c32 -d20s --latency -s docs/bench/vote.lua "$VOTE/")
sent=$(grep -oE '^ +[0-9]+ requests' <<< "$out" | grep -oE '[0-9]+')
errors=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' <<< "$out" | grep -oE '[0-9]+$' || echo 0)
echo "ingest_rate=$(grep -oE 'Requests/sec: +[0-9.]+' <<< "$out" | grep -oE '[0-9.]+$')"
# wrk prints 850.00us, 24.30ms or 1.20s: in ms
echo "ingest_p99=$(awk '$1 == "99%" {v = $2; u = 1; if (v ~ /us$/) u = 0.001; else if (v ~ /ms$/) u = 1; else if (v ~ /s$/) u = 1000; gsub(/[a-z]+$/, "", v); print v * u}' <<< "$out")"
for _ in $(seq 1 240); do [ "$(total)" -ge $((before + sent - errors)) ] && break; sleep 0.5; done
echo "ingest_acknowledged=$((sent - errors))"
echo "ingest_stored=$(( $(total) - before ))"

lat=$("${SEED[@]}" latency --probes 300)
echo "live_p50=$(awk '$1 == "p50" {print $2}' <<< "$lat")"
echo "live_p99=$(awk '$1 == "p99" {print $2}' <<< "$lat")"
echo "live_missed=$(awk '/not seen within/ {print $NF}' <<< "$lat")"

drain=$("${SEED[@]}" drain --votes 1000000 --redis "$redis" --worker-pid "$worker")
echo "drain_rate=$(awk '/drain rate/ {gsub(",", "", $3); print $3}' <<< "$drain")"
echo "drain_lost=$(awk '$1 == "lost" {print $2}' <<< "$drain")"
echo "drain_worker_peak_rss=$(awk '/worker peak RSS/ {print $4}' <<< "$drain")"
