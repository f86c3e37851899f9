namespace Balabaqsha.EndToEnd.Tests.Infrastructure;

/// <summary>The portal as README's first command runs it, on a throw-away data folder and free ports.</summary>
public class EmbeddedPortalFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "bq-e2e-" + Guid.NewGuid().ToString("N"));
    private PortalProcess? _web;

    public string BaseUrl { get; private set; } = string.Empty;

    public BrowserFixture Browser { get; } = new();

    public string Output => _web?.Output ?? string.Empty;

    public virtual async Task InitializeAsync()
    {
        var port = PortalProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string>
        {
            ["Balabaqsha__DataFolder"] = _dataFolder,
            ["Balabaqsha__RateLimits__CodesPerMinute"] = "1000",
            ["Balabaqsha__RateLimits__SignInsPerMinute"] = "1000",
            ["Balabaqsha__SiloPort"] = PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Balabaqsha__GatewayPort"] = PortalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in MoreSettings())
        {
            settings[key] = value;
        }

        var portal = PortalProcess.StartWebAsync(port, settings);
        await Task.WhenAll(portal, Browser.InitializeAsync());
        _web = await portal;
    }

    /// <summary>Environment settings of the portal beyond those of README's first command.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> MoreSettings() => [];

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedPortalCollection : ICollectionFixture<EmbeddedPortalFixture>
{
    public const string Name = "Embedded portal";
}

/// <summary>A second embedded portal for the voucher flows, whose published free places must not reach other tests.</summary>
[CollectionDefinition(Name)]
public sealed class VoucherPortalCollection : ICollectionFixture<EmbeddedPortalFixture>
{
    public const string Name = "Voucher portal";
}
