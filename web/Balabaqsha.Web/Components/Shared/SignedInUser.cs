using System.Security.Claims;
using Balabaqsha.Web.Endpoints;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>What the pages read from the sign-in cookie: the IIN, the role and the scope.</summary>
public static class SignedInUser
{
    public static string? Iin(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? CityId(this ClaimsPrincipal user) => user.FindFirstValue(AccountEndpoints.CityClaim);
}
