#!/usr/bin/env bash
# Dev-time footprint of `dotnet run --project VotingApp.AppHost` (Debug, the http launch profile): seconds from the
# command to the first vote stored and shown by the result service (vote, worker, result, queue and database all up), then RSS and PSS (MiB, /proc/PID/smaps_rollup) of every
# process of the run, grouped: the AppHost, DCP, the dashboard, `dotnet run` wrappers, services, servers.
# Usage: docs/bench/devtime.sh [REPO_DIR]   (build first: dotnet build REPO_DIR/VotingApp.AppHost)
# Needs ports 8080, 8081 and 18888 free; stops the run with SIGINT at the end.
set -euo pipefail
repo=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
for _ in $(seq 1 120); do ss -ltn | grep -qE ':(8080|8081|18888) ' || break; sleep 0.5; done # a previous run's shutdown
log=$(mktemp)
start=$(date +%s.%N)
(cd "$repo/VotingApp.AppHost" && exec dotnet run --no-build >"$log" 2>&1) &
runner=$!
healthy() { # the whole path works: vote answered and stored, and the result service shows it
    curl -fsS -o /dev/null -m 1 --data vote=a http://localhost:8080/ &&
        curl -fsS -m 1 http://localhost:8081/api/results 2>/dev/null | grep -q '"total":[1-9]'
}
for _ in $(seq 1 1200); do healthy && break; sleep 0.1; done
ready=$(date +%s.%N)
sleep 10 # let start-up work settle before measuring memory
printf 'command to first vote shown: %.1f s\n' "$(echo "$ready - $start" | bc)"
printf '%-28s %5s %9s %9s\n' group procs RSS_MiB PSS_MiB
declare -A rss pss count
# The run's processes: the AppHost, DCP's processes that watch it (--monitor PID; they are detached), and every
# descendant of either. Other AppHosts on the machine are not counted.
apphost=$(pgrep -f "$repo/VotingApp.AppHost/bin/Debug/net10.0/VotingApp.AppHost" | head -1)
roots="$apphost $(pgrep -f -- "--monitor $apphost( |$)" | tr '\n' ' ' || true)"
pids=$(ps -eo pid=,ppid= | awk -v roots="$roots" '
    { parent[$1] = $2 }
    END {
        n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1
        do { added = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; added = 1 } } while (added)
        for (p in keep) print p
    }')
for pid in $pids; do
    args=$(tr '\0' ' ' </proc/$pid/cmdline 2>/dev/null || true)
    case "$args" in
        *VotingApp.AppHost/bin/*) g=apphost ;;
        *aspire.hosting.orchestration*dcp*|*/dcp\ *) g=dcp ;;
        *Aspire.Dashboard*) g=dashboard ;;
        dotnet\ run\ *) g=dotnet-run-wrappers ;;
        *VotingApp.Vote*|*VotingApp.Result*|*VotingApp.Worker*) g=services ;;
        *redis-server*|*GarnetServer*|postgres*|*/postgres\ -D*|*setpriv*) g=servers ;;
        *) continue ;;
    esac
    read -r r p < <(awk '/^Rss:/{r=$2} /^Pss:/{p=$2} END{print r+0, p+0}' /proc/$pid/smaps_rollup 2>/dev/null || echo "0 0")
    rss[$g]=$(( ${rss[$g]:-0} + r )); pss[$g]=$(( ${pss[$g]:-0} + p )); count[$g]=$(( ${count[$g]:-0} + 1 ))
done
for g in apphost dcp dashboard dotnet-run-wrappers services servers; do
    printf '%-28s %5s %9.1f %9.1f\n' "$g" "${count[$g]:-0}" "$(echo "${rss[$g]:-0}/1024" | bc -l)" "$(echo "${pss[$g]:-0}/1024" | bc -l)"
done
kill -INT "$(pgrep -f "$repo/VotingApp.AppHost/bin/Debug/net10.0/VotingApp.AppHost" | head -1)" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
rm -f "$log"
