using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Balabaqsha.EndToEnd.Tests.Infrastructure;

/// <summary>A process of the portal (web server or silo) started as README and docker-compose start it.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PortalProcess(ProcessStartInfo start, string readyLine)
    {
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Receive(e.Data, readyLine);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data, readyLine);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
    }

    public string Name => _process.StartInfo.Arguments;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The web server, started with the README's command (already built by the test script).</summary>
    public static Task<PortalProcess> StartWebAsync(int port, IDictionary<string, string> settings) =>
        StartAsync(
            ["run", "--no-build", "--project", Path.Combine(RepositoryRoot, "web/Balabaqsha.Web"), "--", "--urls", $"http://127.0.0.1:{port}"],
            settings,
            "Balabaqsha is running at");

    /// <summary>A silo of the cluster mode.</summary>
    public static Task<PortalProcess> StartSiloAsync(IDictionary<string, string> settings) =>
        StartAsync(
            [Path.Combine(RepositoryRoot, "silo/Balabaqsha.Silo/bin/Debug/net10.0/Balabaqsha.Silo.dll")],
            settings,
            "Balabaqsha silo is running");

    private static async Task<PortalProcess> StartAsync(string[] arguments, IDictionary<string, string> settings, string readyLine)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new PortalProcess(start, readyLine);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process._ready.Task.WaitAsync(timeout.Token);
        return process;
    }

    /// <summary>Kills the process outright (kill -9): no graceful shutdown, no deactivation.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Receive(string? line, string readyLine)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains(readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Balabaqsha.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Balabaqsha.sln not found above the test folder.");
    }
}
