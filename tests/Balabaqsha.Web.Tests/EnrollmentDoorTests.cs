using System.Net;
using System.Runtime.CompilerServices;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Silo.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>
/// The enrollment doors through the real portal (SPEC §7): the contract PDF only for the application's parent
/// and the staff of the requested kindergarten (anyone else gets the 404 of a number without a contract), the
/// staff inbox with the request, and the parent's enrollment block on the card.
/// </summary>
public sealed class EnrollmentDoorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly ConditionalWeakTable<PortalFactory, Lazy<Task<SentContract>>> Contracts = new();

    private IGrainFactory Grains
    {
        get
        {
            _ = portal.Server; // starts the host (and the demo seeding) on first use
            return portal.Services.GetRequiredService<IGrainFactory>();
        }
    }

    [Fact]
    public async Task Contract_Parent_GetsThePdf()
    {
        var sent = await ContractAsync();
        var (parent, _) = await portal.SignedInClientAsync(sent.ParentLogin);

        using var response = await parent.GetAsync($"/applications/{sent.Number}/contract.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
    }

    [Fact]
    public async Task Contract_StaffOfTheKindergarten_GetsThePdf()
    {
        var sent = await ContractAsync();
        var (staff, _) = await portal.SignedInClientAsync(DemoCatalog.StaffLogin(sent.KindergartenNumber));

        using var response = await staff.GetAsync($"/applications/{sent.Number}/contract.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Contract_StrangerParent_NotFoundAsIfThereWereNone()
    {
        var sent = await ContractAsync();
        var stranger = portal.Services.GetRequiredService<DemoSeeder>().ParentLogins.First(l => l != sent.ParentLogin);
        var (client, _) = await portal.SignedInClientAsync(stranger);

        using var refused = await client.GetAsync($"/applications/{sent.Number}/contract.pdf");
        using var missing = await client.GetAsync("/applications/ALM-999999/contract.pdf");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Contract_StaffOfAnotherKindergarten_NotFound()
    {
        var sent = await ContractAsync();
        var other = sent.KindergartenNumber == 1 ? 2 : 1;
        var (staff, _) = await portal.SignedInClientAsync(DemoCatalog.StaffLogin(other));

        using var response = await staff.GetAsync($"/applications/{sent.Number}/contract.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("doctor.almaty")]
    [InlineData("operator.astana")]
    [InlineData("admin")]
    public async Task Contract_OtherStaff_NotFound(string login)
    {
        var sent = await ContractAsync();
        var (client, _) = await portal.SignedInClientAsync(login);

        using var response = await client.GetAsync($"/applications/{sent.Number}/contract.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Contract_Guest_RedirectedToLogin()
    {
        var sent = await ContractAsync();
        using var guest = portal.CreateNoRedirectClient();

        using var response = await guest.GetAsync($"/applications/{sent.Number}/contract.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_StaffOfTheKindergarten_ShowsTheRequest_OtherStaffDoNot()
    {
        var sent = await ContractAsync();
        var (own, _) = await portal.SignedInClientAsync(DemoCatalog.StaffLogin(sent.KindergartenNumber));
        var (other, _) = await portal.SignedInClientAsync(DemoCatalog.StaffLogin(sent.KindergartenNumber == 1 ? 2 : 1));

        var ownPage = await own.GetStringAsync("/kindergarten/requests");
        var otherPage = await other.GetStringAsync("/kindergarten/requests");

        Assert.Contains($"data-testid=\"inbox-request-{sent.Number}\"", ownPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"inbox-request-{sent.Number}", otherPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_Parent_ShowsTheEnrollmentBlockWithTheContract()
    {
        var sent = await ContractAsync();
        var (parent, _) = await portal.SignedInClientAsync(sent.ParentLogin);

        var card = await parent.GetStringAsync($"/applications/{sent.Number}");

        Assert.Contains("data-testid=\"enrollment\"", card, StringComparison.Ordinal);
        Assert.Contains($"href=\"/applications/{sent.Number}/contract.pdf\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedContract_ParentOfAnEnrolledChild_GetsThePdfWithBothSignatures_EachVerifies()
    {
        var enrolled = await EnrolledAsync();
        var (parent, _) = await portal.SignedInClientAsync(enrolled.ParentLogin);

        using var response = await parent.GetAsync($"/applications/{enrolled.Number}/contract-signed.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        var files = zip.Entries.ToDictionary(e => e.Name, Read);
        Assert.Equal(
            [$"{enrolled.Number}-contract.pdf", $"{enrolled.Number}-contract.pdf.kindergarten.p7s", $"{enrolled.Number}-contract.pdf.parent.p7s"],
            files.Keys.Order(StringComparer.Ordinal));
        var verifier = portal.Services.GetRequiredService<Balabaqsha.Domain.Signatures.ContractSignatureVerifier>();
        var pdf = files[$"{enrolled.Number}-contract.pdf"];
        var now = portal.Services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant();
        Assert.True(verifier.Verify(pdf, files[$"{enrolled.Number}-contract.pdf.parent.p7s"], enrolled.ParentIin, now).IsValid);
        Assert.True(verifier.Verify(pdf, files[$"{enrolled.Number}-contract.pdf.kindergarten.p7s"], enrolled.StaffIin, now).IsValid);

        // Each signature alone too.
        using var single = await parent.GetAsync($"/applications/{enrolled.Number}/contract.parent.p7s");
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("application/pkcs7-signature", single.Content.Headers.ContentType?.MediaType);
        Assert.Equal(files[$"{enrolled.Number}-contract.pdf.parent.p7s"], await single.Content.ReadAsByteArrayAsync());

        static byte[] Read(System.IO.Compression.ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task SignedContract_StaffOfTheKindergarten_GetsIt_AndReadsTheAttachedDocuments()
    {
        var enrolled = await EnrolledAsync();
        var (staff, _) = await portal.SignedInClientAsync(DemoCatalog.StaffLogin(enrolled.KindergartenNumber));

        using var response = await staff.GetAsync($"/applications/{enrolled.Number}/contract-signed.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var document in enrolled.Documents)
        {
            using var read = await staff.GetAsync($"/documents/{document.Split(':')[1]}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Theory]
    [InlineData("staff-of-another")]
    [InlineData("doctor.almaty")]
    [InlineData("operator.astana")]
    [InlineData("stranger-parent")]
    public async Task SignedContractAndDocuments_AnyoneElse_NotFound(string who)
    {
        var enrolled = await EnrolledAsync();
        var login = who switch
        {
            "staff-of-another" => DemoCatalog.StaffLogin(enrolled.KindergartenNumber == 1 ? 2 : 1),
            "stranger-parent" => portal.Services.GetRequiredService<DemoSeeder>().ParentLogins.First(l => l != enrolled.ParentLogin),
            _ => who,
        };
        var (client, _) = await portal.SignedInClientAsync(login);

        foreach (var path in new[] { "contract-signed.zip", "contract.parent.p7s", "contract.kindergarten.p7s" })
        {
            using var response = await client.GetAsync($"/applications/{enrolled.Number}/{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var document = await client.GetAsync($"/documents/{enrolled.Documents[0].Split(':')[1]}");
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
    }

    [Fact]
    public async Task Signatures_NotYetMadeOrNoSuchSide_NotFound()
    {
        var sent = await ContractAsync();
        var (parent, _) = await portal.SignedInClientAsync(sent.ParentLogin);

        foreach (var path in new[] { "contract-signed.zip", "contract.parent.p7s", "contract.kindergarten.p7s", "contract.operator.p7s" })
        {
            using var response = await parent.GetAsync($"/applications/{sent.Number}/{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task SignedContract_Guest_RedirectedToLogin()
    {
        var enrolled = await EnrolledAsync();
        using var guest = portal.CreateNoRedirectClient();

        using var response = await guest.GetAsync($"/applications/{enrolled.Number}/contract-signed.zip");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A demo family whose child the demo data enrolled (both signatures made with the test CA's keys).</summary>
    private async Task<EnrolledContract> EnrolledAsync()
    {
        var grains = Grains;
        foreach (var login in portal.Services.GetRequiredService<DemoSeeder>().ParentLogins)
        {
            var parent = await ActorAsync(login);
            var enrolled = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parent.Iin)).GetApplicationsAsync(parent))
                .FirstOrDefault(a => a.Status == ApplicationStatus.Enrolled && a.Enrollment is { StaffSignedAt: not null });
            if (enrolled is not null)
            {
                var kindergartenNumber = int.Parse(enrolled.Enrollment!.KindergartenId[^3..], System.Globalization.CultureInfo.InvariantCulture);
                var staff = await ActorAsync(DemoCatalog.StaffLogin(kindergartenNumber));
                return new EnrolledContract(enrolled.Number, login, parent.Iin, kindergartenNumber, staff.Iin, enrolled.Enrollment.Documents);
            }
        }

        throw new InvalidOperationException("The demo data enrolled no child.");
    }

    private sealed record EnrolledContract(string Number, string ParentLogin, string ParentIin, int KindergartenNumber, string StaffIin, IReadOnlyList<string> Documents);

    private Task<SentContract> ContractAsync() =>
        Contracts.GetValue(portal, _ => new Lazy<Task<SentContract>>(SendContractAsync)).Value;

    /// <summary>
    /// A demo family whose voucher was accepted requests a place in a group of its pool, and that
    /// kindergarten's staff send the contract: an application in ContractSigning, not yet signed.
    /// </summary>
    private async Task<SentContract> SendContractAsync()
    {
        var grains = Grains;
        foreach (var login in portal.Services.GetRequiredService<DemoSeeder>().ParentLogins)
        {
            var parent = await ActorAsync(login);
            var choosing = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parent.Iin)).GetApplicationsAsync(parent))
                .FirstOrDefault(a => a.Status == ApplicationStatus.ChoosingKindergarten);
            if (choosing is null)
            {
                continue;
            }

            var choice = (await grains.GetGrain<IVoucherPoolGrain>(choosing.Voucher!.PoolKey).GetChoicesAsync()).FirstOrDefault(c => c.Free > 0);
            if (choice is null)
            {
                continue;
            }

            var application = grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(choosing.Number));
            var requested = await application.RequestPlaceAsync(parent, choice.KindergartenId, choice.GroupId);
            Assert.Equal(ApplicationStatus.AwaitingContract, requested.Status);
            Assert.Contains(
                await grains.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(choice.KindergartenId)).GetAsync(),
                i => i.Number == choosing.Number);

            var kindergartenNumber = int.Parse(choice.KindergartenId[^3..], System.Globalization.CultureInfo.InvariantCulture);
            var staff = await ActorAsync(DemoCatalog.StaffLogin(kindergartenNumber));
            var sent = await application.SendContractAsync(staff);
            Assert.Equal(ApplicationStatus.ContractSigning, sent.Status);
            return new SentContract(choosing.Number, login, kindergartenNumber);
        }

        throw new InvalidOperationException("No demo family chooses a kindergarten after demo seeding.");
    }

    private async Task<Actor> ActorAsync(string login)
    {
        var iin = await Grains.GetGrain<IAccountIndexGrain>(GrainKeys.LoginIndex(login)).ResolveAsync()
            ?? throw new InvalidOperationException($"No demo account {login}.");
        var account = await Grains.GetGrain<IAccountGrain>(GrainKeys.Account(iin)).GetAsync()
            ?? throw new InvalidOperationException($"No demo account {login}.");
        return new Actor(account.Iin, account.Role, account.FullName, account.CityId, account.KindergartenId);
    }

    private sealed record SentContract(string Number, string ParentLogin, int KindergartenNumber);
}
