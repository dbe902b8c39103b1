using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VotingApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VotingApp.Tests.Hosting;

/// <summary>
/// What stops the AppHost before anything runs says so in one line on stderr that names the fix, with a non-zero exit
/// code and no stack trace, instead of a resource that never becomes healthy among many log lines.
/// </summary>
public sealed class StartFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_exit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_fixed_port_in_use_is_one_line_naming_the_port_its_owner_and_the_fix()
    {
        // vote's fixed port (Program.cs); if something else holds it already, the AppHost must say the same
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            blocker.Bind(new IPEndPoint(IPAddress.Loopback, 8080));
            blocker.Listen();
        }
        catch (SocketException)
        {
            output.WriteLine("8080 is already taken by another process");
        }

        var error = await FailingStartAsync();
        Assert.Contains("Port 8080", error, StringComparison.Ordinal);
        Assert.Contains("'vote'", error, StringComparison.Ordinal);
        Assert.Contains("already in use", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_are_one_line_with_the_install_command()
    {
        var error = await FailingStartAsync("--DcpPublisher:RandomizePorts=true", "--Hosting:PostgresBinDirectory=/nonexistent/pg/bin");
        Assert.Contains("apt-get install postgresql", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_forced_where_no_container_runtime_answers_are_one_line_saying_what_to_do()
    {
        if (await ContainerRuntimeAnswersAsync())
        {
            // with a working runtime, forcing containers is no failure; the host-process mode is what the other tests run
            output.WriteLine("docker answers here: containers can run, nothing to refuse");
            return;
        }
        var error = await FailingStartAsync("--DcpPublisher:RandomizePorts=true", "--Hosting:ServerMode=container");
        Assert.Contains("Hosting__ServerMode=hostprocess", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_fails_to_start_fails_the_start_naming_it_instead_of_hanging()
    {
        var fakeBin = Directory.CreateTempSubdirectory("votingapp-fakepg-").FullName;
        try
        {
            // reachable by PostgreSQL's own account when the tests run as root
            File.SetUnixFileMode(fakeBin, (UnixFileMode)Convert.ToInt32("755", 8));
            await WriteScriptAsync(Path.Combine(fakeBin, "initdb"), "#!/bin/sh\nexit 0\n");
            await WriteScriptAsync(Path.Combine(fakeBin, "postgres"), "#!/bin/sh\necho 'FATAL: this postgres is broken on purpose' >&2\nexit 3\n");

            var error = await Assert.ThrowsAsync<DistributedApplicationException>(() =>
                TestApp.StartAsync(output, args: [$"--Hosting:PostgresBinDirectory={fakeBin}"]));
            output.WriteLine(error.Message);
            Assert.Contains("'postgres'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(fakeBin, recursive: true);
        }
    }

    private static async Task WriteScriptAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    /// <summary>Runs the AppHost until it exits by itself; returns its one stderr line after checking the exit code and the absence of a stack trace.</summary>
    private async Task<string> FailingStartAsync(params string[] args)
    {
        using var apphost = AppHostProcess.Start(output, args);
        var code = await apphost.WaitForExitAsync(s_exit);
        Assert.NotEqual(0, code);
        var error = Assert.Single(apphost.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("   at ", apphost.Stdout + apphost.Stderr, StringComparison.Ordinal);
        return error;
    }

    private static async Task<bool> ContainerRuntimeAnswersAsync()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await docker.WaitForExitAsync(cts.Token);
            return docker.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }
}
