namespace Balabaqsha.Abstractions;

/// <summary>
/// String keys of grains. Every key is prefixed: the ADO.NET storage would read a bare number or a
/// hex-looking string as an integer key.
/// </summary>
public static class GrainKeys
{
    public static string Account(string iin) => $"acct:{iin}";

    public static string SmsPhone(string phone) => $"sms:{phone}";

    public static string PhoneIndex(string phone) => $"idx:phone:{phone}";

    public static string LoginIndex(string login) => $"idx:login:{login}";

    public static string EmailIndex(string email) => $"idx:email:{email}";

    public static string SignInGuard(string kind, string identifier) => $"guard:{kind}:{identifier}";

    public static string Kindergarten(string id) => $"kg:{id}";

    public static string CityKindergartens(string cityId) => $"city-kg:{cityId}";

    public const string Cities = "catalog:cities";
    public const string Catalogs = "catalog:lists";
    public const string SmsOutbox = "dev:sms-outbox";
    public const string DevClock = "dev:clock";
    public const string DemoSeed = "dev:demo-seed";
}
