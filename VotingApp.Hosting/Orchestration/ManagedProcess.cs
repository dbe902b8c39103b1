using System.Diagnostics;

namespace VotingApp.Hosting.Orchestration;

/// <summary>A child process whose output goes to the resource's log and whose end can be awaited.</summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, ProcessLaunch launch, string resourceName, ResourceLoggerService logs)
    {
        _process = process;
        Pid = process.Id;
        Launch = launch;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                logs.Write(resourceName, e.Data, isError: false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                logs.Write(resourceName, e.Data, isError: true);
            }
        };
        process.Exited += (_, _) =>
        {
            // WaitForExit() without a timeout also drains the redirected output.
            try
            {
                process.WaitForExit();
                _exited.TrySetResult(process.ExitCode);
            }
            catch (InvalidOperationException)
            {
                _exited.TrySetResult(-1);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            _exited.TrySetResult(process.ExitCode);
        }
    }

    /// <summary>OS process id.</summary>
    public int Pid { get; }

    /// <summary>What was started: the command line and the variables the AppHost set (not those inherited).</summary>
    public ProcessLaunch Launch { get; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts a process (tied to the AppHost's life) with output captured for <paramref name="resourceName"/>.</summary>
    public static async Task<ManagedProcess> StartAsync(
        string fileName,
        IEnumerable<string> args,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        string resourceName,
        ResourceLoggerService logs,
        string? runAsUser = null,
        bool inheritEnvironment = true)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        if (!inheritEnvironment)
        {
            startInfo.Environment.Clear();
        }
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }
        // recorded before the spawner wraps the command (its helper that ties the child to the AppHost's life)
        var launch = new ProcessLaunch(
            [fileName, .. startInfo.ArgumentList],
            [.. environment.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, string>(e.Key, e.Value!)).OrderBy(e => e.Key, StringComparer.Ordinal)]);
        var process = await ProcessSpawner.Instance.StartAsync(startInfo, runAsUser).ConfigureAwait(false);
        process.StandardInput.Close();
        return new ManagedProcess(process, launch, resourceName, logs);
    }

    /// <summary>Asks the process to stop with <paramref name="signal"/>, then kills it after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(int signal, TimeSpan timeout)
    {
        if (HasExited)
        {
            return;
        }
        if (!NativeMethods.SendSignal(Pid, signal))
        {
            Kill();
        }
        if (await Task.WhenAny(Exited, Task.Delay(timeout)).ConfigureAwait(false) != Exited)
        {
            Kill();
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL.</summary>
    public void Kill()
    {
        if (HasExited)
        {
            return;
        }
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose() => _process.Dispose();
}
