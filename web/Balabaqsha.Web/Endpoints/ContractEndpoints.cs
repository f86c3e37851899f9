using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain;
using Balabaqsha.Web.Services;

namespace Balabaqsha.Web.Endpoints;

/// <summary>
/// The contract PDF of an application (SPEC §7): for whom the application grain lets read it — its parent,
/// the staff of the requested kindergarten, the city's operator. Anyone else gets the same 404 as for an
/// application without a contract or a number that does not exist.
/// </summary>
public static class ContractEndpoints
{
    public static IEndpointRouteBuilder MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/applications/{number}/contract.pdf", ReadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The address of an application's contract.</summary>
    public static string Url(string number) => $"/applications/{Uri.EscapeDataString(number)}/contract.pdf";

    private static async Task<IResult> ReadAsync(string number, HttpContext context, IGrainFactory grains)
    {
        if (!Plausible(number) || Actors.TryActorFrom(context.User) is not { } viewer)
        {
            return Results.NotFound();
        }

        byte[]? pdf;
        try
        {
            pdf = await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).GetContractAsync(viewer);
        }
        catch (DomainException)
        {
            return Results.NotFound();
        }

        if (pdf is null)
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return Results.File(pdf, "application/pdf", $"{number}-contract.pdf");
    }

    // A number is letters, a dash and digits (e.g. ALA-000123): anything else is not worth a grain.
    private static bool Plausible(string number) =>
        number.Length is > 0 and <= 32 && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
