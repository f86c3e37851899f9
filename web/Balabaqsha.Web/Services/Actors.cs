using System.Security.Claims;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Endpoints;

namespace Balabaqsha.Web.Services;

/// <summary>The <see cref="Actor"/> of a signed-in user, from the claims <see cref="AccountEndpoints.Principal"/> issues.</summary>
public static class Actors
{
    /// <summary>The signed-in person; throws when the user is not signed in.</summary>
    public static Actor ActorFrom(ClaimsPrincipal user) =>
        TryActorFrom(user) ?? throw new InvalidOperationException("The user is not signed in with a portal account.");

    /// <summary>The signed-in person, or null for a guest or a principal the portal did not issue.</summary>
    public static Actor? TryActorFrom(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true
            || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } iin
            || !Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: false, out var role)
            || !Enum.IsDefined(role))
        {
            return null;
        }

        return new Actor(
            iin,
            role,
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            NullIfEmpty(user.FindFirstValue(AccountEndpoints.CityClaim)),
            NullIfEmpty(user.FindFirstValue(AccountEndpoints.KindergartenClaim)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
