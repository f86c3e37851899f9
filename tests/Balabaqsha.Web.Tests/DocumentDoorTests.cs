using System.Net;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// The document door, GET /documents/{sha256}, through the real portal: who reads what. A refusal
/// is a 404, the same as for a document that does not exist. And the upload door the pages use.
/// </summary>
public sealed class DocumentDoorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Almaty = "almaty";

    private IServiceProvider Services
    {
        get
        {
            _ = portal.Server; // starts the host (and the demo seeding) on first use
            return portal.Services;
        }
    }

    private IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    private static byte[] Pdf() => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7\n% {Guid.NewGuid():N}\n%%EOF\n");

    private static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Guid.NewGuid().ToByteArray()];

    private Task<(HttpClient Client, string Iin)> SignInAsync(string login) => portal.SignedInClientAsync(login);

    /// <summary>A document stored for a parent, granted as an application of Almaty would grant it.</summary>
    private async Task<string> StoreAsync(byte[] content, string ownerIin, DocumentPurpose purpose, string city = Almaty)
    {
        var sha256 = await Services.GetRequiredService<IDocumentStore>().SaveAsync(content);
        var access = Grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha256));
        await access.GrantAsync(new DocumentGrant(purpose, ownerIin, "", null));
        if (city.Length > 0)
        {
            await access.GrantAsync(new DocumentGrant(purpose, ownerIin, city, "A-00001"));
        }

        return sha256;
    }

    [Fact]
    public async Task Read_Owner_OkWithContentTypeFromContentAndSafeHeaders()
    {
        var (parent, iin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var content = Png();
        var sha256 = await StoreAsync(content, iin, DocumentPurpose.Conclusion, city: "");

        using var response = await parent.GetAsync($"/documents/{sha256}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
    }

    [Fact]
    public async Task Read_AnotherParent_NotFoundAsIfItDidNotExist()
    {
        var (_, ownerIin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var (other, _) = await SignInAsync(DemoSeeder.ParentLogin(2));
        var sha256 = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion);
        var neverStored = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf()));

        using var refused = await other.GetAsync($"/documents/{sha256}");
        using var missing = await other.GetAsync($"/documents/{neverStored}");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.Content.Headers.ContentType?.MediaType, refused.Content.Headers.ContentType?.MediaType);
        Assert.Null(refused.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task Read_Guest_RedirectedToLogin()
    {
        var (_, ownerIin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var sha256 = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion);
        using var guest = portal.CreateNoRedirectClient();

        using var response = await guest.GetAsync($"/documents/{sha256}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DoctorOfTheCity_ReadsConclusionButNotAnUnattachedUpload()
    {
        var (_, ownerIin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var (doctor, _) = await SignInAsync("doctor.almaty");
        var conclusion = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion);
        var unattached = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion, city: "");

        using var attached = await doctor.GetAsync($"/documents/{conclusion}");
        using var notYet = await doctor.GetAsync($"/documents/{unattached}");

        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal("application/pdf", attached.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
    }

    [Fact]
    public async Task Read_DoctorOfAnotherCity_NotFound()
    {
        var (_, ownerIin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var (doctor, _) = await SignInAsync("doctor.astana");
        var sha256 = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion);

        using var response = await doctor.GetAsync($"/documents/{sha256}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Read_OperatorOfTheCity_PriorityProofOnlyNotConclusion()
    {
        var (_, ownerIin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var (@operator, _) = await SignInAsync("operator.almaty");
        var conclusion = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.Conclusion);
        var proof = await StoreAsync(Pdf(), ownerIin, DocumentPurpose.PriorityProof);

        using var conclusionResponse = await @operator.GetAsync($"/documents/{conclusion}");
        using var proofResponse = await @operator.GetAsync($"/documents/{proof}");

        Assert.Equal(HttpStatusCode.NotFound, conclusionResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proofResponse.StatusCode);
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("1e7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd")]
    [InlineData("1e7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd3a")]
    [InlineData("..%2F..%2Fbalabaqsha.db")]
    [InlineData("ze7313ace78f0fb481a486939b4885902663102818090805515553d84e0bbfd3")]
    public async Task Read_MalformedHash_NotFound(string sha256)
    {
        var (parent, _) = await SignInAsync(DemoSeeder.ParentLogin(1));

        using var response = await parent.GetAsync($"/documents/{sha256}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Upload_PdfNamedAndDeclaredAsJpeg_StoredUnderDataFolderAndOwnerReadsItAsPdf()
    {
        var (parent, iin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        var content = Pdf();

        var sha256 = await UploadAsync(new FakeBrowserFile("photo.jpg", "image/jpeg", content), iin);
        using var response = await parent.GetAsync($"/documents/{sha256}");

        Assert.True(File.Exists(Path.Combine(portal.DataFolder, "documents", sha256[..2], sha256)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True(await Grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha256)).IsOwnedByAsync(iin));
    }

    [Fact]
    public async Task Upload_ExecutableNamedPdf_RefusedAndNothingStored()
    {
        var (_, iin) = await SignInAsync(DemoSeeder.ParentLogin(1));
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. Guid.NewGuid().ToByteArray()];
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(exe));

        var error = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(new FakeBrowserFile("заключение.pdf", "application/pdf", exe), iin));

        Assert.Equal("Error.Document.UnsupportedType", error.MessageKey);
        Assert.Null(await Services.GetRequiredService<IDocumentStore>().ReadAsync(sha256));
        Assert.False(await Grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha256)).IsOwnedByAsync(iin));
    }

    [Fact]
    public async Task Upload_Empty_RefusedAsEmpty()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(new FakeBrowserFile("empty.pdf", "application/pdf", []), "950101300018"));

        Assert.Equal("Error.Document.Empty", error.MessageKey);
    }

    [Fact]
    public async Task Upload_LargerThanTenMegabytes_RefusedAsTooLarge()
    {
        var content = new byte[(10 * 1024 * 1024) + 1];
        "%PDF-1.7\n"u8.CopyTo(content);

        var declared = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(new FakeBrowserFile("big.pdf", "application/pdf", content), "950101300018"));
        var understated = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(new FakeBrowserFile("big.pdf", "application/pdf", content, claimedSize: 1000), "950101300018"));

        Assert.Equal("Error.Document.TooLarge", declared.MessageKey);
        Assert.Equal("Error.Document.TooLarge", understated.MessageKey);
    }

    [Fact]
    public async Task Upload_ExactlyTenMegabytes_Stored()
    {
        var content = new byte[10 * 1024 * 1024];
        "%PDF-1.7\n"u8.CopyTo(content);
        Guid.NewGuid().ToByteArray().CopyTo(content, 16);

        var sha256 = await UploadAsync(new FakeBrowserFile("big.pdf", "application/pdf", content), "950101300018");

        Assert.Equal(content.Length, (await Services.GetRequiredService<IDocumentStore>().ReadAsync(sha256))?.Content.Length);
    }

    private async Task<string> UploadAsync(IBrowserFile file, string ownerIin)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DocumentUploads>().UploadAsync(file, ownerIin, DocumentPurpose.Conclusion);
    }

    /// <summary>
    /// What InputFile hands a page. Like the real one, it refuses to open a stream for a file whose
    /// size exceeds maxAllowedSize; <paramref name="claimedSize"/> lets it lie about the size.
    /// </summary>
    private sealed class FakeBrowserFile(string name, string contentType, byte[] content, long? claimedSize = null) : IBrowserFile
    {
        public string Name => name;

        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

        public long Size => claimedSize ?? content.Length;

        public string ContentType => contentType;

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            Size > maxAllowedSize
                ? throw new IOException($"Supplied file with size {Size} bytes exceeds the maximum of {maxAllowedSize} bytes.")
                : new MemoryStream(content, writable: false);
    }
}
