#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md against a running Release AppHost started with:
#   dotnet run -c Release --project VotingApp.AppHost -- --Hosting:RedisServer=garnet \
#       --Endpoints:cache:tcp:Port=6399 --Endpoints:postgres:tcp:Port=6432 --ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=
# (the empty OTLP URL: no telemetry export, as every figure in docs/benchmarks.md was measured)
# Needs: wrk, psql, python3 (apt-get install wrk postgresql-client). Every loop is bounded; traffic stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
VOTE=${VOTE:-http://localhost:8080}
RESULT=${RESULT:-http://localhost:8081}
secrets=VotingApp.AppHost/.votingapp/secrets.json
secret() { python3 -c "import json,sys; print(json.load(open('$secrets'))[sys.argv[1]])" "$1"; }
REDIS="localhost:6399,password=$(secret cache-password)"
export PGPASSWORD=$(secret postgres-password)
PSQL=(psql -h 127.0.0.1 -p 6432 -U postgres -d votesdb -qAt)
SEED=(dotnet VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll --vote-url "$VOTE" --result-url "$RESULT")
total() { curl -s "$RESULT/api/results" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"; }
# a service runs as its Native AOT executable (Release AppHost) or as dotnet <dll> (JIT)
service_pid() { pgrep -f "(/publish/VotingApp\.$1\$|VotingApp\.$1\.dll)" | head -1; }
worker_pid=$(service_pid Worker)

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
