# Shared by the benchmark scripts (sourced): finding the running services from /proc.

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
