using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Silo.Storage.Documents;
using Balabaqsha.Web.Services;

namespace Balabaqsha.Web.Endpoints;

/// <summary>
/// The download door of uploaded documents. Whoever may not read a document gets the same 404 as
/// for a hash that was never stored, so the door does not tell whether a document exists.
/// </summary>
public static class DocumentEndpoints
{
    public const string Path = "/documents";

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{sha256}", ReadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The address of a document for links and embeds in the pages.</summary>
    public static string Url(string sha256) => $"{Path}/{sha256}";

    private static async Task<IResult> ReadAsync(string sha256, HttpContext context, IGrainFactory grains, IDocumentStore store, CancellationToken ct)
    {
        var hash = sha256.ToLowerInvariant();
        if (!DocumentHashes.IsValid(hash) || Actors.TryActorFrom(context.User) is not { } reader)
        {
            return Results.NotFound();
        }

        if (!await grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(hash)).CanReadAsync(reader)
            || await store.ReadAsync(hash, ct) is not { } document)
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentDisposition = "inline";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return Results.Bytes(document.Content, document.ContentType);
    }
}
