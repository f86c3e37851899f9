using Balabaqsha.Abstractions.Notifications;
using Microsoft.Extensions.Localization;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>A notice in the reader's language: its key is a resource, its arguments fill the placeholders.</summary>
public static class NoticeText
{
    public static string Of(IStringLocalizer localizer, Notice notice)
    {
        var text = localizer[notice.Key, [.. notice.Arguments]];
        return text.ResourceNotFound ? localizer["Notifications.Generic"] : text.Value;
    }
}
