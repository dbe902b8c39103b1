using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace VotingApp.Tests.Infrastructure;

/// <summary>
/// The AppHost as a developer runs it: its own build output in run mode (DCP, the dashboard), as a child process of the
/// test. Started as its executable rather than through <c>dotnet run</c>, so that a signal reaches the AppHost itself.
/// Its stdout and stderr go to the test's output and are kept.
/// </summary>
public sealed class AppHostProcess : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private AppHostProcess(Process process, ITestOutputHelper output)
    {
        Process = process;
        _output = output;
        process.OutputDataReceived += (_, e) => Keep(_stdout, "apphost| ", e.Data);
        process.ErrorDataReceived += (_, e) => Keep(_stderr, "apphost! ", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the AppHost with <paramref name="args"/>. No dashboard URL is configured, so the dashboard takes random
    /// ports; pass <c>--DcpPublisher:RandomizePorts=true</c> to move vote and result off 8080/8081 as well.
    /// </summary>
    public static AppHostProcess Start(ITestOutputHelper output, params string[] args)
    {
        var projectPath = Projects.VotingApp_AppHost.ProjectPath; // the project's folder (or, in some SDKs, its .csproj)
        var projectDirectory = Directory.Exists(projectPath) ? projectPath : Path.GetDirectoryName(projectPath)!;
        // this test project's output is bin/<Configuration>/<TargetFramework>/; the AppHost's is the same under its folder
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var executable = Path.Combine(projectDirectory, "bin", testOutput.Parent!.Name, testOutput.Name, "VotingApp.AppHost");
        Assert.True(File.Exists(executable), $"the AppHost is not built at {executable}");
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = projectDirectory,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return new AppHostProcess(Process.Start(startInfo)!, output);
    }

    /// <summary>Waits for the AppHost to exit by itself (fails after <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the AppHost did not exit within {timeout.TotalSeconds:0} s");
        }
        Process.WaitForExit(); // the end of the redirected streams
        return Process.ExitCode;
    }

    private void Keep(StringBuilder buffer, string prefix, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (buffer)
        {
            buffer.AppendLine(line);
        }
        try
        {
            _output.WriteLine(prefix + line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }
}
