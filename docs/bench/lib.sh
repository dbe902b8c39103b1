# Shared by the benchmark scripts (sourced): starting and stopping a Release AppHost, and finding its services from /proc.

# The pid of service $1 (Vote, Result, Worker): its Native AOT executable (Release AppHost) or `dotnet VotingApp.$1.dll`
# (JIT), never the `dotnet run` wrapper around it.
service_pid() {
    for p in /proc/[0-9]*; do
        local exe cmd
        exe=$(readlink "$p/exe" 2>/dev/null) || continue
        cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
        if [ "$(basename "$exe")" = "VotingApp.$1" ] || [[ "$cmd" == *"VotingApp.$1.dll"* && "$cmd" != *" run "* ]]; then
            basename "$p"; return
        fi
    done
    echo "no VotingApp.$1 process" >&2; return 1
}

# Variable $2 of process $1's environment (e.g. the connection strings the AppHost gave the worker).
process_env() { tr '\0' '\n' < "/proc/$1/environ" | sed -n "s/^$2=//p"; }

healthy() { curl -sf -o /dev/null "http://localhost:$1/health"; }

# Starts the Release AppHost of tree $1 (Garnet; vote, result and worker as Native AOT executables) with AppHost
# arguments $3... and its console in file $2, in a process group of its own (setsid), so that it and everything it
# starts are stopped together. Waits for the default ports to be free first (a previous run's servers may take a few
# seconds to let go) and then, at most 120 s, until vote and result answer /health. Sets APPHOST_PGID. Returns 1, with
# one line saying why, when a port stays taken or the system does not become healthy.
start_apphost() {
    local tree=$1 console=$2; shift 2
    for port in 8080 8081 18888; do
        for _ in $(seq 1 60); do ss -Hltn "sport = :$port" | grep -q . || break; sleep 0.5; done
        if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is in use: stop what holds it"; return 1; fi
    done
    (cd "$tree" && Hosting__RedisServer=garnet setsid dotnet run -c Release --no-build --project VotingApp.AppHost -- "$@" \
        > "$console" 2>&1) &
    sleep 1
    APPHOST_PGID=$(ps -o pgid= -p "$(pgrep -n -f "dotnet run -c Release --no-build --project VotingApp.AppHost")" | tr -d ' ')
    for _ in $(seq 1 240); do healthy 8080 && healthy 8081 && return 0; sleep 0.5; done
    echo "not healthy within 120 s: $console"
    stop_apphost "$APPHOST_PGID"
    return 1
}

# Stops the process group $1 started by start_apphost: SIGTERM (a background job of a non-interactive shell ignores
# SIGINT), then SIGKILL after 30 s.
stop_apphost() {
    local pgid=$1
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
}
