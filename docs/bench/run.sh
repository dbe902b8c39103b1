#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md against a running Release AppHost started with:
#   dotnet build -c Release VotingApp.AppHost && dotnet build -c Release VotingApp.Seed
#   Hosting__RedisServer=garnet dotnet run -c Release --no-build --project VotingApp.AppHost -- --Telemetry:Export=false
# (Telemetry:Export=false: no telemetry export, as the tables of docs/benchmarks.md say; leave it out to measure the
# default configuration). The servers' ports and passwords are found from the connection strings the AppHost gave the
# worker (/proc/<pid>/environ), so run this as the user that runs the AppHost.
# Needs: wrk, psql, python3 (apt-get install wrk postgresql-client). Every loop is bounded; traffic stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
VOTE=${VOTE:-http://localhost:8080}
RESULT=${RESULT:-http://localhost:8081}
SEED=(dotnet VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll --vote-url "$VOTE" --result-url "$RESULT")
total() { curl -s "$RESULT/api/results" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"; }
source docs/bench/lib.sh
worker_pid=$(service_pid Worker)
REDIS=$(process_env "$worker_pid" ConnectionStrings__cache)
# the Npgsql connection string (Host=…;Port=…;Username=…;Password=…;Database=…) as psql's libpq keywords
eval "$(process_env "$worker_pid" ConnectionStrings__votesdb | python3 -c "
import shlex, sys
kv = dict(p.split('=', 1) for p in sys.stdin.read().strip().split(';') if '=' in p)
kv = {k.lower(): v.strip(chr(39)) for k, v in kv.items()}
print('export PGPASSWORD=' + shlex.quote(kv['password']))
print('PSQL=(psql -h ' + shlex.quote(kv['host']) + ' -p ' + kv['port'] + ' -U ' + shlex.quote(kv['username']) + ' -d ' + shlex.quote(kv['database']) + ' -qAt)')
")"

echo "== idle memory (RSS) and start-to-healthy"
for svc in Vote Result Worker; do
    pid=$(service_pid $svc)
    form=JIT; [ "$(basename "$(readlink /proc/$pid/exe)")" = "VotingApp.$svc" ] && form="Native AOT"
    echo "$svc ($form): $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
done

echo "== ingestion: wrk, 32 keep-alive connections, 10 s warm-up then 20 s"
wrk -t2 -c32 -d10s -s docs/bench/vote.lua "$VOTE/" >/dev/null
# (the warm-up and the measured run use different voter ids: wrk run ids are time-based)
sleep 2; before=$(total)
wrk -t2 -c32 -d20s --latency -s docs/bench/vote.lua "$VOTE/" | tee /tmp/votingapp-wrk.txt | grep -E 'Requests/sec|50%|90%|99%|requests in|errors'
sent=$(grep -oE '^ +[0-9]+ requests' /tmp/votingapp-wrk.txt | grep -oE '[0-9]+')
for _ in $(seq 1 120); do [ "$(total)" -ge $((before + sent)) ] && break; sleep 0.5; done
echo "acknowledged: $sent, stored: $(( $(total) - before ))"

echo "== ingestion: the seed tool's bench (C# load generator), 32 connections, 20 s"
"${SEED[@]}" bench --duration 20 -c 32 | tail -11

echo "== vote → live channel, idle"
"${SEED[@]}" latency --probes 300 | tail -7
echo "== vote → live channel, 1,000 votes/s background"
"${SEED[@]}" latency --probes 300 --background-rate 1000 | tail -7

echo "== live viewers on one result instance"
"${SEED[@]}" viewers --viewers 1000 --votes 500 | tail -5

echo "== worker drain, 1,000,000 votes"
"${SEED[@]}" drain --votes 1000000 --redis "$REDIS" --worker-pid "$worker_pid" | tail -6

echo "== GET /api/results at 10,000,000 voters"
have=$("${PSQL[@]}" -c "SELECT count(*) FROM votes")
if [ "$have" -lt 10000000 ]; then
    "${PSQL[@]}" -c "INSERT INTO votes (id, vote, ts) SELECT 'bulk-' || g, CASE WHEN g % 3 = 0 THEN 'b' ELSE 'a' END, 0
                     FROM generate_series(1, 10000000 - $have) AS g ON CONFLICT (id) DO NOTHING"
    "${PSQL[@]}" -c "NOTIFY votes_changed"
fi
echo "rows: $("${PSQL[@]}" -c "SELECT count(*) FROM votes"), tally: $("${PSQL[@]}" -c "SELECT string_agg(vote || '=' || votes, ' ' ORDER BY vote) FROM vote_tally")"
wrk -t2 -c16 -d10s --latency "$RESULT/api/results" | grep -E 'Requests/sec|50%|90%|99%'
