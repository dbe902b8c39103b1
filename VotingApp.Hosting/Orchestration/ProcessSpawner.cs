using System.Collections.Concurrent;
using System.Diagnostics;

namespace VotingApp.Hosting.Orchestration;

/// <summary>
/// Starts child processes so that none outlives the AppHost, not even when the AppHost is SIGKILLed.
/// </summary>
/// <remarks>
/// On Linux each child is started through <c>setpriv --pdeathsig KILL</c>: the kernel kills it when the thread that
/// forked it dies. That is why every fork happens on one dedicated thread that lives as long as the process.
/// <c>setsid</c> puts the child in its own session, so a Ctrl+C in the terminal reaches only the AppHost, which then
/// stops the children in reverse dependency order.
/// </remarks>
internal sealed class ProcessSpawner
{
    private static readonly Lazy<ProcessSpawner> s_instance = new(() => new ProcessSpawner());
    private readonly BlockingCollection<(ProcessStartInfo StartInfo, TaskCompletionSource<Process> Completion)> _requests = [];
    private readonly string? _setpriv = OperatingSystem.IsLinux() ? ExecutableFinder.FindOnPath("setpriv") : null;
    private readonly string? _setsid = OperatingSystem.IsLinux() ? ExecutableFinder.FindOnPath("setsid") : null;

    private ProcessSpawner()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "VotingApp child process spawner" };
        thread.Start();
    }

    public static ProcessSpawner Instance => s_instance.Value;

    /// <summary>Whether children die with the AppHost (setpriv found).</summary>
    public bool TiesChildrenToParent => _setpriv is not null;

    /// <summary>Starts <paramref name="fileName"/>; when <paramref name="runAsUser"/> is set (root only), as that user.</summary>
    public Task<Process> StartAsync(ProcessStartInfo startInfo, string? runAsUser = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        if (_setpriv is not null)
        {
            var original = startInfo.FileName;
            var originalArgs = startInfo.ArgumentList.ToArray();
            startInfo.FileName = _setpriv;
            startInfo.ArgumentList.Clear();
            if (runAsUser is not null)
            {
                startInfo.ArgumentList.Add($"--reuid={runAsUser}");
                startInfo.ArgumentList.Add($"--regid={runAsUser}");
                startInfo.ArgumentList.Add("--clear-groups");
            }
            startInfo.ArgumentList.Add("--pdeathsig");
            startInfo.ArgumentList.Add("KILL");
            startInfo.ArgumentList.Add("--");
            if (_setsid is not null)
            {
                startInfo.ArgumentList.Add(_setsid);
            }
            startInfo.ArgumentList.Add(original);
            foreach (var arg in originalArgs)
            {
                startInfo.ArgumentList.Add(arg);
            }
        }
        else if (runAsUser is not null)
        {
            throw new DistributedApplicationException(
                $"Running a server as user '{runAsUser}' needs 'setpriv' (util-linux). Install it: apt-get install util-linux");
        }

        var completion = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((startInfo, completion));
        return completion.Task;
    }

    private void Loop()
    {
        foreach (var (startInfo, completion) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
                process.Start();
                completion.SetResult(process);
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }
    }
}
