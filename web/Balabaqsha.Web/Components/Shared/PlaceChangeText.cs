using System.Globalization;
using Balabaqsha.Domain.Queues;
using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// The words for one line of a place history: "−1", then why ("an application ahead of yours received a
/// voucher"). The other application is named only by its priority category and whether it was earlier.
/// </summary>
public static class PlaceChangeText
{
    /// <summary>A delta as the card shows it: "+1", "−2" (a true minus sign), "0".</summary>
    public static string Delta(int delta) => delta switch
    {
        > 0 => "+" + delta.ToString(CultureInfo.InvariantCulture),
        < 0 => "\u2212" + (-delta).ToString(CultureInfo.InvariantCulture),
        _ => "0",
    };

    public static string Why(IStringLocalizer localizer, PlaceHistoryLine line, CatalogNames names)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(names);
        var category = line.CategoryId is null ? localizer["PlaceChange.NoCategory"].Value : names.Priority(line.CategoryId);
        if (line.Own)
        {
            return First(localizer, [$"PlaceChange.Own.{line.Kind}.{line.Reason}", $"PlaceChange.Own.{line.Kind}"], category);
        }

        var specific = line is { Kind: QueueChangeKind.Moved, Reason: QueueChangeReason.PriorityConfirmed }
            ? $"PlaceChange.Moved.PriorityConfirmed.{(line.SubmittedEarlier ? "Earlier" : "Later")}"
            : $"PlaceChange.{line.Kind}.{line.Reason}";
        return First(localizer, [specific, $"PlaceChange.{line.Kind}"], category, line.Count.ToString(CultureInfo.CurrentCulture));
    }

    private static string First(IStringLocalizer localizer, string[] keys, params object[] arguments)
    {
        foreach (var key in keys)
        {
            var text = localizer[key, arguments];
            if (!text.ResourceNotFound)
            {
                return text.Value;
            }
        }

        return localizer[keys[^1]].Value;
    }
}
