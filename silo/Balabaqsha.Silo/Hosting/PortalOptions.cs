using System.ComponentModel.DataAnnotations;

namespace Balabaqsha.Silo.Hosting;

/// <summary>The portal's settings (configuration section "Balabaqsha").</summary>
public sealed class PortalOptions
{
    public const string Section = "Balabaqsha";

    /// <summary>Where the embedded default keeps its SQLite database and files.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Cluster mode: when set, clustering, storage and reminders run on this PostgreSQL database.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>/dev/sms, /dev/clock and the development SMS outbox (SPEC §11). Never in production.</summary>
    public bool? DevelopmentControls { get; set; }

    /// <summary>Seed the demo data on first start (default: in the embedded default only).</summary>
    public bool? SeedDemoData { get; set; }

    [Required]
    public string ClusterId { get; set; } = "balabaqsha";

    [Required]
    public string ServiceId { get; set; } = "balabaqsha";

    /// <summary>Cluster mode: the silo-to-silo port and the client gateway port of this silo.</summary>
    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster mode: the address this silo advertises and listens on (default: the host's address).</summary>
    public string? AdvertisedIPAddress { get; set; }

    public SmsGatewayOptions Sms { get; set; } = new();

    public Signatures.SignatureOptions Signatures { get; set; } = new();

    /// <summary>
    /// The secret of the keyed hash that turns IINs, phones and e-mails into grain keys (so none reach
    /// Orleans' logs). Production sets its own and never changes it; the default is for development.
    /// </summary>
    public string PseudonymKey { get; set; } = Abstractions.GrainKeys.DevelopmentPseudonymKey;

    public bool ClusterMode => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public bool DevelopmentControlsOn => DevelopmentControls ?? !ClusterMode;

    public bool SeedDemoDataOn => SeedDemoData ?? !ClusterMode;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataFolder, "balabaqsha.db"));

    public string SqliteConnectionString => $"Data Source={SqlitePath};Pooling=True";
}

/// <summary>The HTTP SMS gateway used in production.</summary>
public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's URL; empty means no gateway (development outbox only).</summary>
    public string? Url { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The JSON body sent, with {phone} and {text} replaced by JSON-escaped values.</summary>
    public string Template { get; set; } = """{"recipient":"{phone}","message":"{text}"}""";
}

/// <summary>Refuses configurations that must never run (SPEC §10, §11).</summary>
public static class PortalOptionsRules
{
    public static IEnumerable<string> Problems(PortalOptions options)
    {
        var gateway = !string.IsNullOrWhiteSpace(options.Sms.Url);
        if (gateway && options.DevelopmentControlsOn)
        {
            yield return "The development controls cannot run together with a real SMS gateway: turn one of them off.";
        }

        if (options.ClusterMode && !gateway && !options.DevelopmentControlsOn)
        {
            yield return "Cluster mode without development controls needs an SMS gateway (Balabaqsha:Sms:Url).";
        }

        if (options.ClusterMode && !options.DevelopmentControlsOn && options.PseudonymKey == Abstractions.GrainKeys.DevelopmentPseudonymKey)
        {
            yield return "Production needs its own secret Balabaqsha:PseudonymKey (the development one is public).";
        }

        if (gateway && !Uri.TryCreate(options.Sms.Url, UriKind.Absolute, out _))
        {
            yield return "Balabaqsha:Sms:Url is not an absolute URL.";
        }
    }
}
