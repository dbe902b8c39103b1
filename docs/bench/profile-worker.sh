#!/usr/bin/env bash
# Where the worker's CPU goes while it drains 300,000 queued votes: a perf profile of its Native AOT process (symbols
# from the .dbg file the Release publish leaves beside it) and its CPU time, for one tree built in Release.
#   docs/bench/profile-worker.sh name tree [AppHost arguments]   e.g. docs/bench/profile-worker.sh after . --Telemetry:Export=false
# Needs perf (linux-perf) and root or perf_event_paranoid <= 1. Writes /tmp/votingapp-perf-<name>.data and prints the
# top symbols. Uses the default ports 8080/8081/18888.
set -euo pipefail
name=$1 tree=$(cd "$2" && pwd); shift 2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
start_apphost "$tree" "/tmp/votingapp-perf-$name.log" "$@" || exit 1
pgid=$APPHOST_PGID
trap 'stop_apphost "$pgid"' EXIT
sleep 10
worker=$(service_pid Worker)
redis=$(process_env "$worker" ConnectionStrings__cache)
perf buildid-cache -a "$(readlink "/proc/$worker/exe").dbg"
before=$(awk '{print $14 + $15}' "/proc/$worker/stat")
perf record -F 499 -g -p "$worker" -o "/tmp/votingapp-perf-$name.data" > /dev/null 2>&1 &
perf_pid=$!
dotnet "$tree/VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll" --vote-url http://localhost:8080 \
    --result-url http://localhost:8081 drain --votes 300000 --redis "$redis" --worker-pid "$worker" | grep -E "rate|lost"
after=$(awk '{print $14 + $15}' "/proc/$worker/stat")
kill -INT "$perf_pid"; wait "$perf_pid" || true
echo "$name: the worker used $(( (after - before) * 10 )) ms of CPU for 300,000 votes"
perf report -i "/tmp/votingapp-perf-$name.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null \
    | grep -v '^#' | grep '%' | head -25 | cut -c1-150
