using System.Globalization;
using System.Resources;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Grains.Identity;

/// <summary>The texts of outgoing SMS, in the recipient's language (Resources/SmsTexts.*.resx).</summary>
public sealed class SmsTexts
{
    private static readonly ResourceManager Resources =
        new("Balabaqsha.Grains.Resources.SmsTexts", typeof(SmsTexts).Assembly);

    public string Code(SmsPurpose purpose, string code, string language) =>
        string.Format(CultureInfo.InvariantCulture, Get($"Sms.Code.{purpose}", language), code);

    public string Get(string key, string language) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo(Languages.Normalize(language)))
        ?? throw new InvalidOperationException($"Missing SMS text {key}.");
}
