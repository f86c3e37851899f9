namespace Balabaqsha.Abstractions;

/// <summary>
/// String keys of grains. Every key is prefixed: the ADO.NET storage would read a bare number or a
/// hex-looking string as an integer key.
/// </summary>
public static class GrainKeys
{
    private static byte[] _pseudonymKey = System.Text.Encoding.UTF8.GetBytes(DevelopmentPseudonymKey);

    /// <summary>The key the embedded default and the tests use; production configures its own secret.</summary>
    public const string DevelopmentPseudonymKey = "balabaqsha-development-pseudonyms";

    /// <summary>
    /// Sets the secret of the keyed hash that turns identity numbers, phones and e-mails into grain keys.
    /// Every silo and web server of a deployment must use the same secret, forever.
    /// </summary>
    public static void UsePseudonymKey(string secret) => _pseudonymKey = System.Text.Encoding.UTF8.GetBytes(secret);

    // Grain ids appear in Orleans' own logs and exceptions, so no key may carry personal data: an IIN,
    // a phone or an e-mail becomes a keyed hash (HMAC-SHA256), the same in every process.
    public static string Pseudonym(string value) =>
        Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(_pseudonymKey, System.Text.Encoding.UTF8.GetBytes(value)), 0, 16).ToLowerInvariant();

    public static string Account(string iin) => $"acct:{Pseudonym(iin)}";

    public static string SmsPhone(string phone) => $"sms:{Pseudonym(phone)}";

    public static string PhoneIndex(string phone) => $"idx:phone:{Pseudonym(phone)}";

    public static string LoginIndex(string login) => $"idx:login:{login}";

    public static string EmailIndex(string email) => $"idx:email:{Pseudonym(email)}";

    public static string SignInGuard(string kind, string identifier) => $"guard:{kind}:{Pseudonym(identifier)}";

    public static string Kindergarten(string id) => $"kg:{id}";

    public static string CityKindergartens(string cityId) => $"city-kg:{cityId}";

    public const string Cities = "catalog:cities";
    public const string Catalogs = "catalog:lists";
    public const string SmsOutbox = "dev:sms-outbox";
    public const string DevClock = "dev:clock";
    public const string DemoSeed = "dev:demo-seed";
}
