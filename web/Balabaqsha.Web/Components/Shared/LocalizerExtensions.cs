using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Components.Shared;

public static class LocalizerExtensions
{
    /// <summary>The localized message of a key; a key without a resource shows the generic error, never the key.</summary>
    public static string Message(this IStringLocalizer localizer, string key, params object[] arguments)
    {
        var text = localizer[key, arguments];
        return text.ResourceNotFound ? localizer["Error.Unexpected"] : text.Value;
    }
}
