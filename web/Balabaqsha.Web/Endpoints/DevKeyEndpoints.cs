using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Documents;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Silo.Signatures;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Web.Endpoints;

/// <summary>
/// Test signing keys for the demo accounts and a signature check (SPEC §7, ЭЦП): part of the
/// development controls, mapped only when they are on, like the test CA they hand keys out from.
/// </summary>
public static class DevKeyEndpoints
{
    public const string Path = "/dev/keys";

    /// <summary>The password of every key file handed out here: the demo accounts' password.</summary>
    public const string KeyPassword = DemoSeeder.DemoPassword;

    private const int MaxSignatureBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDevKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{login}.p12", DownloadAsync);
        app.MapPost(Path + "/verify", VerifyAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>The address of a demo account's key file.</summary>
    public static string KeyUrl(string login) => $"{Path}/{Uri.EscapeDataString(login)}.p12";

    /// <summary>
    /// The demo accounts that get keys: the parents (parent.1, parent.2, …) and the staff (admin,
    /// the cities' doctors and operators, staff.1, staff.2, …), found through the login index so
    /// that the list is the seeded one in the embedded default and in cluster mode alike.
    /// </summary>
    public static async Task<IReadOnlyList<DemoKeyHolder>> DemoKeyHoldersAsync(IGrainFactory grains)
    {
        var staff = new List<string> { "admin" };
        foreach (var city in DemoCatalog.Cities)
        {
            staff.Add($"doctor.{city.Id}");
            staff.Add($"operator.{city.Id}");
        }

        var holders = new List<DemoKeyHolder>();
        holders.AddRange(await NumberedAsync(grains, DemoSeeder.ParentLogin));
        holders.AddRange((await Task.WhenAll(staff.Select(login => FindAsync(grains, login)))).OfType<DemoKeyHolder>());
        holders.AddRange(await NumberedAsync(grains, DemoCatalog.StaffLogin));
        return holders;
    }

    /// <summary>The account behind a login, or null.</summary>
    public static async Task<DemoKeyHolder?> FindAsync(IGrainFactory grains, string login)
    {
        var iin = await grains.GetGrain<IAccountIndexGrain>(GrainKeys.LoginIndex(login)).ResolveAsync();
        if (iin is null || await grains.GetGrain<IAccountGrain>(GrainKeys.Account(iin)).GetAsync() is not { } account)
        {
            return null;
        }

        return new DemoKeyHolder(login, account.Role, account.FullName, account.Iin);
    }

    // Logins numbered from 1 without gaps, looked up in parallel batches until one is missing.
    private static async Task<List<DemoKeyHolder>> NumberedAsync(IGrainFactory grains, Func<int, string> login)
    {
        const int Batch = 16;
        const int Limit = 1000;
        var found = new List<DemoKeyHolder>();
        for (var first = 1; first <= Limit; first += Batch)
        {
            var batch = await Task.WhenAll(Enumerable.Range(first, Batch).Select(n => FindAsync(grains, login(n))));
            var present = batch.TakeWhile(h => h is not null).OfType<DemoKeyHolder>().ToList();
            found.AddRange(present);
            if (present.Count < Batch)
            {
                break;
            }
        }

        return found;
    }

    private static async Task<IResult> DownloadAsync(string login, IGrainFactory grains, TestCertificateAuthority authority)
    {
        string normalized;
        try
        {
            normalized = LoginRules.NormalizeLogin(login);
        }
        catch (Domain.DomainException)
        {
            return Results.NotFound();
        }

        if (await FindAsync(grains, normalized) is not { } holder)
        {
            return Results.NotFound();
        }

        var p12 = authority.IssuePkcs12(holder.Iin, holder.FullName, KeyPassword);
        return Results.File(p12, "application/x-pkcs12", $"{holder.Login}.p12");
    }

    /// <summary>
    /// Multipart form: <c>content</c> (the signed file), <c>signature</c> (DER CMS) and <c>iin</c>
    /// (the expected signer). Answers what <see cref="ContractSignatureVerifier"/> says.
    /// </summary>
    private static async Task<IResult> VerifyAsync(HttpRequest request, ContractSignatureVerifier verifier, IClock clock, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Results.BadRequest();
        }

        var form = await request.ReadFormAsync(ct);
        var iin = form["iin"].ToString().Trim();
        if (form.Files.GetFile("content") is not { Length: > 0 and <= DocumentCheck.MaxBytes } contentFile
            || form.Files.GetFile("signature") is not { Length: > 0 and <= MaxSignatureBytes } signatureFile
            || !iin.IsValidIin())
        {
            return Results.BadRequest();
        }

        var content = await ReadAllAsync(contentFile, ct);
        var signature = await ReadAllAsync(signatureFile, ct);
        var check = verifier.Verify(content, signature, iin, clock.GetCurrentInstant());
        return Results.Ok(check.IsValid
            ? new VerifyResult(true, null, check.Signer.Iin, check.Signer.CommonName, InstantPattern.General.Format(check.Signer.SigningTime), check.Signer.Thumbprint)
            : new VerifyResult(false, check.MessageKey, null, null, null, null));
    }

    private static async Task<byte[]> ReadAllAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}

/// <summary>A demo account that can get a test key.</summary>
public sealed record DemoKeyHolder(string Login, Role Role, string FullName, string Iin);

/// <summary>What the signature check answers; the page localizes <see cref="MessageKey"/>.</summary>
public sealed record VerifyResult(bool Valid, string? MessageKey, string? Iin, string? CommonName, string? SigningTime, string? Thumbprint);
