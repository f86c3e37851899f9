using Npgsql;

namespace Balabaqsha.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Cluster mode on a real PostgreSQL: two silo processes and two web servers (Orleans clients),
/// with the development controls on as the tests need them (SPEC §11).
/// </summary>
public sealed class ClusterPortalFixture : IAsyncLifetime
{
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=balabaqsha;Password=balabaqsha;Database=postgres";
    private readonly string _database = "bq_e2e_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<PortalProcess> _webs = [];
    private string _admin = DefaultAdmin;

    public List<PortalProcess> Silos { get; } = [];

    public List<string> WebUrls { get; } = [];

    public BrowserFixture Browser { get; } = new();

    public string ConnectionString { get; private set; } = string.Empty;

    public string WebOutput => string.Join("\n---\n", _webs.Select(w => w.Output));

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("BALABAQSHA_TEST_POSTGRES") is { Length: > 0 } admin ? admin : DefaultAdmin;
        try
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException("Cluster-mode tests need PostgreSQL: run ./test.sh (it starts it) or set BALABAQSHA_TEST_POSTGRES.", ex);
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
        var browser = Browser.InitializeAsync();
        for (var i = 0; i < 2; i++)
        {
            Silos.Add(await PortalProcess.StartSiloAsync(Settings(new()
            {
                ["Balabaqsha__AdvertisedIPAddress"] = "127.0.0.1",

                // One silo seeds the demo catalogs and accounts (seeding is not meant to race itself).
                ["Balabaqsha__SeedDemoData"] = i == 0 ? "true" : "false",
                ["Balabaqsha__SiloPort"] = Port(),
                ["Balabaqsha__GatewayPort"] = Port(),
            })));
        }

        for (var i = 0; i < 2; i++)
        {
            var port = PortalProcess.FreePort();
            _webs.Add(await PortalProcess.StartWebAsync(port, Settings([])));
            WebUrls.Add($"http://127.0.0.1:{port}");
        }

        await browser;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();

        // The processes go before their database: Orleans keeps retrying membership otherwise.
        foreach (var process in _webs.Concat(Silos))
        {
            await process.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Balabaqsha__PostgresConnectionString"] = ConnectionString,
            ["Balabaqsha__DevelopmentControls"] = "true",
            ["Balabaqsha__RateLimits__CodesPerMinute"] = "1000",
            ["Balabaqsha__RateLimits__SignInsPerMinute"] = "1000",
            ["Balabaqsha__ClusterId"] = _database,
            ["Balabaqsha__ServiceId"] = _database,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string Port() => PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
