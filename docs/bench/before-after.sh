#!/usr/bin/env bash
# Before/after in one run on one machine (docs/benchmarks.md): two trees, each already built in Release
# (`dotnet build -c Release VotingApp.AppHost && dotnet build -c Release VotingApp.Seed`), in the default configuration
# (telemetry exported to the dashboard, as a developer runs it) and with export off, RUNS times each, interleaved
# (before-default, after-default, before-off, after-off, then again) so that drift of the shared host hits both alike.
# Each run starts the tree's AppHost (Garnet, Release: Native AOT services), waits until vote and result are healthy,
# lets it idle 15 s, runs docs/bench/measure.sh with the tree's own seed tool, and stops it.
#   docs/bench/before-after.sh <before-tree> <after-tree> [output.tsv]
#   e.g. git worktree add /tmp/before dc12181 && (cd /tmp/before && dotnet build -c Release VotingApp.AppHost && dotnet build -c Release VotingApp.Seed)
#        docs/bench/before-after.sh /tmp/before .
# Export off is a different command-line setting in the two trees: BEFORE_OFF and AFTER_OFF (defaults: the old
# hosting library's empty dashboard OTLP URL; this tree's --Telemetry:Export=false). Prints a median table at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd)
out=${3:-/tmp/votingapp-before-after.tsv}
RUNS=${RUNS:-3}
BEFORE_OFF=${BEFORE_OFF:---ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=}
AFTER_OFF=${AFTER_OFF:---Telemetry:Export=false}
log=$(mktemp -d)
echo "tree	config	run	key	value" > "$out"

source "$here/lib.sh"
one_run() {
    local name=$1 tree=$2 config=$3 run=$4 extra=$5
    echo "== $name $config run $run ($(date -u +%H:%M:%S))"
    # $extra unquoted: empty, or one argument
    start_apphost "$tree" "$log/$name-$config-$run.log" $extra || exit 1
    local pgid=$APPHOST_PGID
    sleep 15
    "$here/measure.sh" "$tree/VotingApp.Seed/bin/Release/net10.0/VotingApp.Seed.dll" | tee "$log/m" | sed 's/^/   /'
    while IFS='=' read -r key value; do printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$config" "$run" "$key" "$value" >> "$out"; done < "$log/m"
    stop_apphost "$pgid"
    sleep 3
}

for run in $(seq 1 "$RUNS"); do
    one_run before "$before" default "$run" ""
    one_run after "$after" default "$run" ""
    one_run before "$before" off "$run" "$BEFORE_OFF"
    one_run after "$after" off "$run" "$AFTER_OFF"
done

python3 - "$out" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
keys = list(dict.fromkeys(r["key"] for r in rows))
def med(tree, config, key):
    vals = [float(r["value"].rstrip("ms")) for r in rows if (r["tree"], r["config"], r["key"]) == (tree, config, key) and r["value"]]
    return statistics.median(vals) if vals else float("nan")
for config in ("default", "off"):
    print(f"\nmedians, {config}: key | before | after | after/before")
    for key in keys:
        b, a = med("before", config, key), med("after", config, key)
        print(f"{key} | {b:,.2f} | {a:,.2f} | {a / b if b else float('nan'):.2f}")
PY
echo "all runs: $out"
