using System.Collections.Concurrent;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.EndToEnd.Tests.Infrastructure;
using Balabaqsha.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NodaTime;
using Orleans.Configuration;

namespace Balabaqsha.EndToEnd.Tests;

/// <summary>
/// A queue answers a change only once it is durable: a silo process killed with <c>kill -9</c> right after
/// answering loses none of the answered changes (cluster mode, PostgreSQL, group commit under load).
/// </summary>
public sealed class QueueDurabilityTests : IAsyncLifetime
{
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=balabaqsha;Password=balabaqsha;Database=postgres";
    private readonly string _database = "bq_kill_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = DefaultAdmin;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("BALABAQSHA_TEST_POSTGRES") is { Length: > 0 } admin ? admin : DefaultAdmin;
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task KillDashNine_RightAfterAnswers_NoAnsweredChangeIsLost()
    {
        var key = QueueKeys.For("kill-test", QueueType.General, null);
        var answered = new ConcurrentBag<string>();
        var left = new ConcurrentBag<string>();
        var leaving = new ConcurrentBag<string>();

        await using (var silo = await StartSiloAsync())
        {
            await using var client = await ConnectAsync();
            var queue = client.Services.GetRequiredService<IClusterClient>().GetGrain<IQueueGrain>(key);
            await queue.CountAsync();

            // Writers keep changing the queue; the silo dies the moment 300 answers have come back.
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    var number = $"K{w:D2}-{i:D5}";
                    try
                    {
                        await queue.EnterAsync(new QueueEntry(number, VoucherApplication.NoPriorityRank, Instant.FromUnixTimeSeconds(1_700_000_000 + i), 2021 + (i % 4)), QueueChangeReason.Submitted);
                        answered.Add(number);
                        if (i % 5 == 4)
                        {
                            var gone = $"K{w:D2}-{i - 2:D5}";
                            leaving.Add(gone);
                            await queue.LeaveAsync(gone, QueueChangeReason.Withdrawn);
                            left.Add(gone);
                        }
                    }
                    catch (Exception) when (enough.Task.IsCompleted)
                    {
                        return;
                    }

                    if (answered.Count >= 300)
                    {
                        enough.TrySetResult();
                    }
                }
            })).ToArray();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
            silo.Kill();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        }

        // A new silo on the same database rebuilds the queue from its rows.
        await using var second = await StartSiloAsync();
        await using var reconnected = await ConnectAsync();
        var rebuilt = reconnected.Services.GetRequiredService<IClusterClient>().GetGrain<IQueueGrain>(key);
        var leftSet = left.ToHashSet(StringComparer.Ordinal);

        // A leave in flight at the kill may or may not have been written; only answered ones are certain.
        var maybeLeft = leaving.ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var number in answered.Where(n => !maybeLeft.Contains(n)))
        {
            if (await rebuilt.GetPlaceAsync(number) is null)
            {
                missing.Add(number);
            }
        }

        var reappeared = new List<string>();
        foreach (var number in leftSet)
        {
            if (await rebuilt.GetPlaceAsync(number) is not null)
            {
                reappeared.Add(number);
            }
        }

        Assert.True(answered.Count >= 300);
        Assert.Empty(missing);
        Assert.Empty(reappeared);
        Assert.True(await rebuilt.CountAsync() >= answered.Count - maybeLeft.Count);
    }

    private Task<PortalProcess> StartSiloAsync() => PortalProcess.StartSiloAsync(new Dictionary<string, string>
    {
        ["Balabaqsha__PostgresConnectionString"] = _connectionString,
        ["Balabaqsha__DevelopmentControls"] = "true",
        ["Balabaqsha__SeedDemoData"] = "false",
        ["Balabaqsha__ClusterId"] = _database,
        ["Balabaqsha__ServiceId"] = _database,
        ["Balabaqsha__AdvertisedIPAddress"] = "127.0.0.1",
        ["Balabaqsha__SiloPort"] = PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Balabaqsha__GatewayPort"] = PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private async Task<ClientHost> ConnectAsync()
    {
        var host = Host.CreateApplicationBuilder();
        host.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _database;
                o.ServiceId = _database;
            });
            client.UseBalabaqshaPostgresClustering(_connectionString);
        });
        var built = host.Build();
        await built.StartAsync();
        return new ClientHost(built);
    }

    private sealed class ClientHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A client whose silo was killed may not stop gracefully; it is disposed anyway.
            }

            host.Dispose();
        }
    }
}
