using System.Security.Claims;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Web.Extensions;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace Balabaqsha.Web.Endpoints;

/// <summary>The plain HTTP doors of identity and preferences: cookies can only be set outside a circuit.</summary>
public static class AccountEndpoints
{
    public const string CityClaim = "city";
    public const string KindergartenClaim = "kindergarten";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInTickets.CompletionPath, CompleteSignInAsync).RequireRateLimiting(WebHosting.HttpRateLimit);
        app.MapPost("/account/signout", (Delegate)SignOutAsync);
        app.MapGet("/culture/set", SetCultureAsync);
        app.MapGet("/city/set", SetCityAsync);
        return app;
    }

    private static async Task<IResult> CompleteSignInAsync(string? t, HttpContext context, SignInTickets tickets, IGrainFactory grains)
    {
        var ticket = tickets.Read(t);
        if (ticket is null)
        {
            return Results.Redirect("/login");
        }

        var account = grains.GetGrain<IAccountGrain>(GrainKeys.Account(ticket.Iin));
        if (!await account.RedeemSignInNonceAsync(ticket.Nonce) || await account.GetAsync() is not { } view)
        {
            return Results.Redirect("/login");
        }

        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            Principal(view),
            new AuthenticationProperties { IsPersistent = ticket.Remember });
        WriteCultureCookie(context, view.Language);
        return Results.LocalRedirect(ticket.ReturnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/");
    }

    private static async Task<IResult> SetCultureAsync(string? culture, string? redirectUri, HttpContext context, IGrainFactory grains)
    {
        var language = Languages.Normalize(culture);
        WriteCultureCookie(context, language);
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } iin)
        {
            await grains.GetGrain<IAccountGrain>(GrainKeys.Account(iin)).SetLanguageAsync(language);
        }

        return Results.LocalRedirect(SignInTickets.LocalOnly(redirectUri, "/"));
    }

    private static async Task<IResult> SetCityAsync(string? city, string? redirectUri, HttpContext context, IGrainFactory grains)
    {
        var cities = await grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        if (cities.Any(c => c.Id == city))
        {
            context.Response.Cookies.Append(PortalPreferences.CityCookie, city!, new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
            });
        }

        return Results.LocalRedirect(SignInTickets.LocalOnly(redirectUri, "/"));
    }

    public static ClaimsPrincipal Principal(AccountView view)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, view.Iin),
            new(ClaimTypes.Name, view.FullName),
            new(ClaimTypes.Role, view.Role.ToString()),
        };
        if (view.CityId is not null)
        {
            claims.Add(new Claim(CityClaim, view.CityId));
        }

        if (view.KindergartenId is not null)
        {
            claims.Add(new Claim(KindergartenClaim, view.KindergartenId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static void WriteCultureCookie(HttpContext context, string language) =>
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
}
