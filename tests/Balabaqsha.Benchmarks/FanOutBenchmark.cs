using System.Diagnostics;
using System.Text;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Silo.Storage;
using Balabaqsha.Web.Hubs;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Balabaqsha.Benchmarks;

/// <summary>
/// Part 4: live fan-out with two web servers in cluster mode. (a) clients of the public hub, split over
/// two web server processes, each watching its own entry while the head of the queue leaves; (b) the
/// same number of watches through <see cref="LivePlaces"/> (what the Blazor pages use) in an Orleans
/// client hosted here; (c) the observer messages the queue grain sends per change, counted by the grain.
/// </summary>
public static class FanOutBenchmark
{
    private const int OpenAtOnce = 200;
    private static readonly TimeSpan RoundPatience = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchDatabase database, BenchSilo silo, BenchmarkSizes sizes, Figures figures)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(figures);
        if (sizes.FanOutQueue < 20 * (2 * sizes.FanOutRounds + 1) || sizes.FanOutQueue < 2 * sizes.FanOutClients)
        {
            throw new ArgumentException("The fan-out queue is too small for its clients and rounds.", nameof(sizes));
        }

        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

        // Loaded before anything activates the queue grain: the activation rebuilds it from these rows.
        var key = QueueKeys.For("bench-fanout", QueueType.General, null);
        await database.LoadQueueAsync(key, sizes.FanOutQueue);
        var queue = silo.Grains.GetGrain<IQueueGrain>(key);
        var numbers = WatchedNumbers(sizes.FanOutQueue, sizes.FanOutClients);
        var heads = 0;

        Console.WriteLine($"  ({Load()})");
        var (hub, counters) = await HubFanOutAsync(database, queue, key, numbers, sizes.FanOutRounds, () => heads++);
        Report(figures, "4a live fan-out (hub)", hub);

        var messages = counters.After.ObserverMessages - counters.Before.ObserverMessages;
        var changes = counters.After.Changes - counters.Before.Changes;
        figures.Add("4c messages per change", "observer messages sent by the queue grain per change (2 web servers, counted)",
            changes > 0 ? Figures.Number(messages / (double)changes, "0.00") : "no change", "2 (one per web server)");
        figures.Add("4c messages per change", "observers subscribed to the queue during 4a", Figures.Number(counters.Before.Observers), "2");
        Console.WriteLine($"  ({messages} observer messages for {changes} changes, with {sizes.FanOutClients:N0} hub clients watching)");

        var places = await LivePlacesFanOutAsync(database, silo, queue, key, numbers, sizes.FanOutRounds, () => heads++);
        Report(figures, "4b live fan-out (LivePlaces)", places);
        Console.WriteLine($"  ({Load()})");
    }

    // Part (a), with the counters of part (c) read around its rounds.
    private static async Task<(Outcome Outcome, (QueueCounters Before, QueueCounters After) Counters)> HubFanOutAsync(
        BenchDatabase database, IQueueGrain queue, string key, string[] numbers, int rounds, Func<int> nextHead)
    {
        var webs = new List<WebProcess>();
        var clients = new HubClient?[numbers.Length];
        var tracker = new RoundTracker();
        try
        {
            var started = Stopwatch.StartNew();
            webs.AddRange(await Task.WhenAll(WebProcess.StartAsync(database), WebProcess.StartAsync(database)));
            Console.WriteLine($"  (two web servers in cluster mode ready in {started.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", webs.Select(w => w.Url))})");

            started.Restart();
            var failures = 0;
            var places = new int[numbers.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, numbers.Length), new ParallelOptions { MaxDegreeOfParallelism = OpenAtOnce }, async (i, _) =>
            {
                var (client, place) = await HubClient.OpenAsync(webs[i % webs.Count].Url, key, numbers[i], i, tracker);
                clients[i] = client;
                places[i] = place ?? 0;
                if (client is not null && place is null)
                {
                    Failure(ref failures, $"WatchIn answered no place for {numbers[i]}, which waits in the queue");
                }
                else if (client is null)
                {
                    Interlocked.Increment(ref failures);
                }
            });
            Console.WriteLine($"  ({numbers.Length - failures:N0} hub clients watching over {webs.Count} web servers, opened in {started.Elapsed.TotalSeconds:0.0} s; {failures} failed)");

            await WaitForObserversAsync(queue, webs.Count);
            var before = await queue.GetCountersAsync();
            var outcome = await RoundsAsync(queue, tracker, places, rounds, nextHead);
            var after = await queue.GetCountersAsync();
            outcome.Failed = failures;
            return (outcome, (before, after));
        }
        finally
        {
            // Closing the connections stops the watches, so each web server unsubscribes from the queue.
            await Parallel.ForEachAsync(clients.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = OpenAtOnce },
                async (client, _) => await client!.DisposeAsync());
            await WaitForObserversAsync(queue, 0, TimeSpan.FromSeconds(5));
            foreach (var web in webs)
            {
                web.Dispose();
            }
        }
    }

    // Part (b): the Blazor pages' service, in an Orleans client of this process.
    private static async Task<Outcome> LivePlacesFanOutAsync(
        BenchDatabase database, BenchSilo silo, IQueueGrain queue, string key, string[] numbers, int rounds, Func<int> nextHead)
    {
        IHost? host = null;
        LiveQueues? ownQueues = null;
        LivePlaces? live = null;
        var watches = new IDisposable?[numbers.Length];
        var tracker = new RoundTracker();
        try
        {
            try
            {
                host = await StartClientAsync(database);
                live = host.Services.GetRequiredService<LivePlaces>();
                Console.WriteLine("  (LivePlaces in an Orleans client hosted in the benchmark process, joined through PostgreSQL membership)");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.WriteLine($"  (note: no Orleans client could be hosted next to the silo ({ex.GetType().Name}: {ex.Message}); 4b uses the silo's own IGrainFactory)");
                host?.Dispose();
                host = null;
                var grains = silo.Services.GetRequiredService<IGrainFactory>();
                var logs = silo.Services.GetRequiredService<ILoggerFactory>();
                ownQueues = new LiveQueues(grains, logs.CreateLogger<LiveQueues>());
                live = new LivePlaces(grains, ownQueues, logs.CreateLogger<LivePlaces>());
            }

            var started = Stopwatch.StartNew();
            var failures = 0;
            var places = new int[numbers.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, numbers.Length), new ParallelOptions { MaxDegreeOfParallelism = OpenAtOnce }, async (i, _) =>
            {
                try
                {
                    var (place, watch) = await live.WatchAsync(key, numbers[i], update =>
                    {
                        tracker.Record(i, Stopwatch.GetTimestamp(), update.Place?.Place);
                        return Task.CompletedTask;
                    });
                    places[i] = place?.Place ?? 0;
                    if (place is null)
                    {
                        // As the hub does: a number that is not in the queue is not watched.
                        watch.Dispose();
                        Failure(ref failures, $"LivePlaces.WatchAsync answered no place for {numbers[i]}, which waits in the queue");
                    }
                    else
                    {
                        watches[i] = watch;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Failure(ref failures, $"LivePlaces.WatchAsync failed for {numbers[i]}: {ex.GetType().Name}: {ex.Message}");
                }
            });
            Console.WriteLine($"  ({numbers.Length - failures:N0} LivePlaces watches in {started.Elapsed.TotalSeconds:0.0} s; {failures} failed)");

            await WaitForObserversAsync(queue, 1);
            var before = await queue.GetCountersAsync();
            var outcome = await RoundsAsync(queue, tracker, places, rounds, nextHead);
            var after = await queue.GetCountersAsync();
            outcome.Failed = failures;
            Console.WriteLine($"  ({after.ObserverMessages - before.ObserverMessages} observer messages for {after.Changes - before.Changes} changes, {before.Observers} observer(s), during 4b)");
            return outcome;
        }
        finally
        {
            foreach (var watch in watches)
            {
                watch?.Dispose();
            }

            if (host is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await host.StopAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // Best effort at the end of the part.
                }

                host.Dispose();
            }
            else
            {
                live?.Dispose();
                if (ownQueues is not null)
                {
                    await ownQueues.DisposeAsync();
                }
            }
        }
    }

    private static async Task<IHost> StartClientAsync(BenchDatabase database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = database.Name;
                o.ServiceId = database.Name;
            });
            client.UseBalabaqshaPostgresClustering(database.ConnectionString);
        });
        builder.Services.AddSingleton<LiveQueues>();
        builder.Services.AddSingleton<LivePlaces>();
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    // Each round the head (the next rank-2 entry) leaves; every watcher must then see its place go down by one.
    private static async Task<Outcome> RoundsAsync(IQueueGrain queue, RoundTracker tracker, int[] places, int rounds, Func<int> nextHead)
    {
        var outcome = new Outcome();
        var watched = places.Count(p => p > 0);
        for (var r = 0; r < rounds; r++)
        {
            var head = BenchDatabase.NumberOf(20 * nextHead());
            if ((await queue.GetPlaceAsync(head))?.Place != 1)
            {
                throw new InvalidOperationException($"{head} was expected at the head of the queue.");
            }

            var round = new Round(places);
            tracker.Current = round;
            round.Start = Stopwatch.GetTimestamp();
            await queue.LeaveAsync(head, QueueChangeReason.VoucherOffered);
            var left = Stopwatch.GetElapsedTime(round.Start).TotalMilliseconds;
            var complete = await round.Done.Task.WaitAsync(RoundPatience).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            if (!complete)
            {
                await Task.Delay(200);
            }

            tracker.Current = null;
            var latest = 0.0;
            var first = double.MaxValue;
            for (var i = 0; i < places.Length; i++)
            {
                if (places[i] <= 0)
                {
                    continue;
                }

                var expected = places[i] - 1;
                var at = Volatile.Read(ref round.At[i]);
                if (at == 0)
                {
                    if (++outcome.Missing <= 5)
                    {
                        Console.WriteLine($"  (note: round {r + 1}: no new place for watcher {i} within {RoundPatience.TotalSeconds:0} s, expected {expected})");
                    }

                    places[i] = expected;
                    continue;
                }

                var latency = (at - round.Start) * 1000.0 / Stopwatch.Frequency;
                outcome.Latencies.Add(latency);
                latest = Math.Max(latest, latency);
                first = Math.Min(first, latency);
                if (round.Place[i] != expected && ++outcome.Wrong <= 5)
                {
                    Console.WriteLine($"  (note: round {r + 1}: watcher {i} got place {round.Place[i]}, expected {expected})");
                }

                places[i] = expected;
            }

            outcome.Duplicates += round.Duplicates;
            Console.WriteLine($"  (round {r + 1}: {head} left in {left:0.0} ms; {watched - round.Remaining}/{watched} places arrived, the first after {first:0.0} ms, the last after {latest:0.0} ms)");
        }

        outcome.Strays = tracker.Strays;
        return outcome;
    }

    private static void Failure(ref int failures, string message)
    {
        if (Interlocked.Increment(ref failures) <= 5)
        {
            Console.WriteLine($"  (note: {message})");
        }
    }

    private static void Report(Figures figures, string part, Outcome outcome)
    {
        var sorted = outcome.Latencies.Order().ToArray();
        var expected = outcome.Latencies.Count + outcome.Missing;
        figures.Add(part, "median until a client has its new place", Figures.Milli(Figures.Quantile(sorted, 0.5)));
        figures.Add(part, "p99 until every client has its new place", Figures.Milli(Figures.Quantile(sorted, 0.99)), "≤ 1 s");
        figures.Add(part, "max until a client has its new place", Figures.Milli(sorted.Length > 0 ? sorted[^1] : double.NaN));
        figures.Add(part, $"wrong or missing places of {expected:N0} expected (watches that failed to open: {outcome.Failed})",
            $"{outcome.Wrong} wrong, {outcome.Missing} missing", "0");
        if (outcome.Duplicates + outcome.Strays > 0)
        {
            Console.WriteLine($"  (note: {outcome.Duplicates} extra and {outcome.Strays} stray place messages)");
        }
    }

    private static async Task WaitForObserversAsync(IQueueGrain queue, int observers, TimeSpan? patience = null)
    {
        var deadline = Stopwatch.StartNew();
        while ((await queue.GetCountersAsync()).Observers != observers && deadline.Elapsed < (patience ?? TimeSpan.FromSeconds(30)))
        {
            await Task.Delay(100);
        }
    }

    // Spread over the queue, never a rank-2 entry (those are the heads that leave).
    private static string[] WatchedNumbers(int queueSize, int clients)
    {
        var numbers = new string[clients];
        for (var k = 0; k < clients; k++)
        {
            var i = (int)((k + 0.5) * queueSize / clients);
            numbers[k] = BenchDatabase.NumberOf(i % 20 == 0 ? i + 1 : i);
        }

        return numbers;
    }

    private static string Load()
    {
        try
        {
            var average = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {average[0]} {average[1]} {average[2]} on {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return $"{Environment.ProcessorCount} cores";
        }
    }

    private sealed class Outcome
    {
        public List<double> Latencies { get; } = [];

        public int Wrong { get; set; }

        public int Missing { get; set; }

        public int Failed { get; set; }

        public long Duplicates { get; set; }

        public long Strays { get; set; }
    }

    /// <summary>The arrivals of one round: first arrival time and place per watcher (those with a place).</summary>
    private sealed class Round(int[] places)
    {
        private readonly bool[] _expected = [.. places.Select(p => p > 0)];
        private int _remaining = places.Count(p => p > 0);
        private long _duplicates;

        public long Start { get; set; }

        public long[] At { get; } = new long[places.Length];

        public int[] Place { get; } = new int[places.Length];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Remaining => Volatile.Read(ref _remaining);

        public long Duplicates => Interlocked.Read(ref _duplicates);

        /// <summary>False when the watcher was not expected to receive anything.</summary>
        public bool Record(int index, long at, int? place)
        {
            if (!_expected[index])
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref At[index], at, 0) != 0)
            {
                Interlocked.Increment(ref _duplicates);
                return true;
            }

            Place[index] = place ?? -1;
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Done.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Hands arrivals to the round under way; anything outside a round is a stray.</summary>
    private sealed class RoundTracker
    {
        private Round? _current;
        private long _strays;

        public Round? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public long Strays => Interlocked.Read(ref _strays);

        public void Record(int index, long at, int? place)
        {
            if (Current is not { } round || !round.Record(index, at, place))
            {
                Interlocked.Increment(ref _strays);
            }
        }
    }

    /// <summary>A client of the public hub over WebSockets, watching one number; its handler only records.</summary>
    private sealed class HubClient(HubConnection connection) : IAsyncDisposable
    {
        public static async Task<(HubClient? Client, int? Place)> OpenAsync(string url, string key, string number, int index, RoundTracker tracker)
        {
            for (var attempt = 1; ; attempt++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(url + QueueHub.Path, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                    .Build();
                connection.ServerTimeout = TimeSpan.FromMinutes(2);
                connection.On<HubPlace>(QueueHub.PlaceMessage, place => tracker.Record(index, Stopwatch.GetTimestamp(), place.Place));
                try
                {
                    await connection.StartAsync();
                    var place = await connection.InvokeAsync<HubPlace?>(nameof(QueueHub.WatchIn), key, number);
                    return (new HubClient(connection), place?.Place);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    await connection.DisposeAsync();
                    if (attempt == 3)
                    {
                        Console.WriteLine($"  (a hub client for {number} failed: {ex.GetType().Name}: {ex.Message})");
                        return (null, null);
                    }

                    await Task.Delay(500 * attempt);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Closing is best effort.
            }
        }
    }

    /// <summary>A web server process of the cluster mode (as the end-to-end tests start one), an Orleans client of the benchmark's silo.</summary>
    private sealed class WebProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _tail = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private WebProcess(ProcessStartInfo start, string url)
        {
            Url = url;
            _process = new Process { StartInfo = start, EnableRaisingEvents = true };
            _process.OutputDataReceived += (_, e) => Receive(e.Data);
            _process.ErrorDataReceived += (_, e) => Receive(e.Data);
            _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"The web server {url} exited early:\n{Output}"));
        }

        public string Url { get; }

        private string Output
        {
            get
            {
                lock (_tail)
                {
                    return string.Join('\n', _tail);
                }
            }
        }

        public static async Task<WebProcess> StartAsync(BenchDatabase database)
        {
            var root = BenchDatabase.RepositoryRoot();
            var port = BenchSilo.FreePort();
            var url = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var argument in new[] { "run", "--no-build", "-c", Configuration(root), "--project", Path.Combine(root, "web/Balabaqsha.Web"), "--", "--urls", url })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Balabaqsha__PostgresConnectionString"] = database.ConnectionString;
            start.Environment["Balabaqsha__ClusterId"] = database.Name;
            start.Environment["Balabaqsha__ServiceId"] = database.Name;
            start.Environment["Balabaqsha__DevelopmentControls"] = "true";

            var web = new WebProcess(start, url);
            web._process.Start();
            web._process.BeginOutputReadLine();
            web._process.BeginErrorReadLine();
            try
            {
                await web._ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
            }
            catch
            {
                web.Dispose();
                throw;
            }

            return web;
        }

        public void Dispose()
        {
            try
            {
                // Asked to stop first, so its Orleans client leaves the gateway in order; killed if it lingers.
                if (!_process.HasExited && Signal(_process.Id, "TERM"))
                {
                    _process.WaitForExit(10_000);
                }

                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It had not started or is already gone.
            }

            _process.Dispose();
        }

        private static bool Signal(int pid, string signal)
        {
            try
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                kill?.WaitForExit(5_000);
                return kill is { HasExited: true, ExitCode: 0 };
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        // The web project built in the benchmark's own configuration (Release for a measurement), else the one there is.
        private static string Configuration(string root)
        {
            var segments = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var bin = Array.LastIndexOf(segments, "bin");
            var own = bin >= 0 && bin + 1 < segments.Length ? segments[bin + 1] : "Debug";
            bool Built(string configuration) => File.Exists(Path.Combine(root, "web/Balabaqsha.Web/bin", configuration, "net10.0/Balabaqsha.Web.dll"));
            return Built(own) ? own : Built("Release") && !Built("Debug") ? "Release" : "Debug";
        }

        private void Receive(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 200)
                {
                    _tail.Dequeue();
                }
            }

            if (line.Contains("Balabaqsha is running at", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }
    }
}
