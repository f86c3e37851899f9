using System.Globalization;
using System.Resources;
using Balabaqsha.Domain.Identity;

namespace Balabaqsha.Grains.Notifications;

/// <summary>The SMS texts of notices, in the parent's language (Resources/NoticeTexts.*.resx).</summary>
public sealed class NoticeTexts
{
    private static readonly ResourceManager Resources =
        new("Balabaqsha.Grains.Resources.NoticeTexts", typeof(NoticeTexts).Assembly);

    public string Format(string key, string[] arguments, string language)
    {
        var culture = CultureInfo.GetCultureInfo(Languages.Normalize(language));
        var template = Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Missing notice text {key}.");
        return "Balabaqsha: " + string.Format(culture, template, arguments);
    }
}
