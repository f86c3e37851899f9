using System.IO.Compression;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Domain;
using Balabaqsha.Web.Services;

namespace Balabaqsha.Web.Endpoints;

/// <summary>
/// The contract of an application (SPEC §7): the PDF, each side's detached CAdES signature (.p7s) once made,
/// and the signed contract as one archive (the PDF with both signatures). For whom the application grain lets
/// read it — its parent, the staff of the requested kindergarten, the city's operator. Anyone else gets the same
/// 404 as for an application without a contract, a signature not yet made, or a number that does not exist.
/// </summary>
public static class ContractEndpoints
{
    public static IEndpointRouteBuilder MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/applications/{number}/contract.pdf", ReadPdfAsync).RequireAuthorization();
        app.MapGet("/applications/{number}/contract.{side}.p7s", ReadSignatureAsync).RequireAuthorization();
        app.MapGet("/applications/{number}/contract-signed.zip", ReadSignedAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The address of an application's contract.</summary>
    public static string Url(string number) => $"/applications/{Uri.EscapeDataString(number)}/contract.pdf";

    /// <summary>The address of one side's signature: <see cref="ParentSide"/> or <see cref="KindergartenSide"/>.</summary>
    public static string SignatureUrl(string number, string side) => $"/applications/{Uri.EscapeDataString(number)}/contract.{side}.p7s";

    /// <summary>The address of the signed contract: the PDF and both signatures in one archive.</summary>
    public static string SignedUrl(string number) => $"/applications/{Uri.EscapeDataString(number)}/contract-signed.zip";

    public const string ParentSide = "parent";

    public const string KindergartenSide = "kindergarten";

    private static async Task<IResult> ReadPdfAsync(string number, HttpContext context, IGrainFactory grains) =>
        await ReadContractAsync(number, context, grains) is { } contract
            ? File(context, contract.Pdf, "application/pdf", $"{number}-contract.pdf")
            : Results.NotFound();

    private static async Task<IResult> ReadSignatureAsync(string number, string side, HttpContext context, IGrainFactory grains)
    {
        var signature = side switch
        {
            ParentSide => (await ReadContractAsync(number, context, grains))?.ParentSignature,
            KindergartenSide => (await ReadContractAsync(number, context, grains))?.KindergartenSignature,
            _ => null,
        };
        return signature is null ? Results.NotFound() : File(context, signature, "application/pkcs7-signature", $"{number}-contract.pdf.{side}.p7s");
    }

    private static async Task<IResult> ReadSignedAsync(string number, HttpContext context, IGrainFactory grains)
    {
        if (await ReadContractAsync(number, context, grains) is not { ParentSignature: { } parent, KindergartenSignature: { } kindergarten } contract)
        {
            return Results.NotFound();
        }

        // Each signature is detached: it verifies against the PDF next to it, byte for byte.
        using var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, $"{number}-contract.pdf", contract.Pdf);
            Add(zip, $"{number}-contract.pdf.{ParentSide}.p7s", parent);
            Add(zip, $"{number}-contract.pdf.{KindergartenSide}.p7s", kindergarten);
        }

        return File(context, archive.ToArray(), "application/zip", $"{number}-contract-signed.zip");

        static void Add(ZipArchive zip, string name, byte[] content)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            entry.Write(content);
        }
    }

    private static async Task<SignedContract?> ReadContractAsync(string number, HttpContext context, IGrainFactory grains)
    {
        if (!Plausible(number) || Actors.TryActorFrom(context.User) is not { } viewer)
        {
            return null;
        }

        try
        {
            return await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).GetSignedContractAsync(viewer);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    private static IResult File(HttpContext context, byte[] content, string contentType, string fileName)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return Results.File(content, contentType, fileName);
    }

    // A number is letters, a dash and digits (e.g. ALA-000123): anything else is not worth a grain.
    private static bool Plausible(string number) =>
        number.Length is > 0 and <= 32 && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
