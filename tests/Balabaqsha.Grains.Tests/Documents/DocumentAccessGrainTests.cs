using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Grains.Documents;
using Balabaqsha.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Balabaqsha.Grains.Tests.Documents;

[Collection(PortalClusterCollection.Name)]
public sealed class DocumentAccessGrainTests(PortalClusterFixture fixture)
{
    private const string Owner = "950101300018";
    private const string OtherParent = "880202400027";
    private const string Almaty = "almaty";
    private const string Astana = "astana";

    private static readonly Actor OwnerActor = new(Owner, Role.Parent, "Owner", null, null);

    private IDocumentAccessGrain NewDocument() =>
        fixture.Client.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(SampleDocuments.RandomSha256()));

    private static Actor Staff(Role role, string? city, string iin = "770303300011") => new(iin, role, "Staff " + role, city, null);

    private static Task GrantAsync(IDocumentAccessGrain document, DocumentPurpose purpose, string city, string owner = Owner) =>
        document.GrantAsync(new DocumentGrant(purpose, owner, city, city.Length == 0 ? null : "A-0001"));

    public static TheoryData<DocumentPurpose, Role, string?, bool> CityRules => new()
    {
        { DocumentPurpose.Conclusion, Role.Doctor, Almaty, true },
        { DocumentPurpose.Conclusion, Role.Doctor, Astana, false },
        { DocumentPurpose.Conclusion, Role.Doctor, null, false },
        { DocumentPurpose.Conclusion, Role.Operator, Almaty, false },
        { DocumentPurpose.Conclusion, Role.KindergartenStaff, Almaty, false },
        { DocumentPurpose.Conclusion, Role.Administrator, Almaty, false },
        { DocumentPurpose.Conclusion, Role.Parent, Almaty, false },
        { DocumentPurpose.PriorityProof, Role.Operator, Almaty, true },
        { DocumentPurpose.PriorityProof, Role.Operator, Astana, false },
        { DocumentPurpose.PriorityProof, Role.Doctor, Almaty, false },
        { DocumentPurpose.PriorityProof, Role.Administrator, null, false },
    };

    [Theory]
    [MemberData(nameof(CityRules))]
    public async Task CanRead_GrantOfAlmaty_OnlyTheMatchingRoleOfThatCity(DocumentPurpose purpose, Role role, string? city, bool expected)
    {
        var document = NewDocument();
        await GrantAsync(document, purpose, Almaty);

        Assert.Equal(expected, await document.CanReadAsync(Staff(role, city)));
    }

    [Fact]
    public async Task CanRead_UploadNotYetAttached_OnlyItsOwner()
    {
        var document = NewDocument();
        await GrantAsync(document, DocumentPurpose.Conclusion, "");

        Assert.True(await document.CanReadAsync(OwnerActor));
        Assert.False(await document.CanReadAsync(new Actor(OtherParent, Role.Parent, "Other", null, null)));
        Assert.False(await document.CanReadAsync(Staff(Role.Doctor, Almaty)));
        // A staff account whose city is empty must not match the empty city of an unattached upload.
        Assert.False(await document.CanReadAsync(Staff(Role.Doctor, "")));
        Assert.False(await document.CanReadAsync(Staff(Role.Operator, "")));
    }

    [Fact]
    public async Task CanRead_AttachedToAnApplication_OwnerStillReadsAndOtherParentDoesNot()
    {
        var document = NewDocument();
        await GrantAsync(document, DocumentPurpose.Conclusion, "");
        await GrantAsync(document, DocumentPurpose.Conclusion, Almaty);

        Assert.True(await document.CanReadAsync(OwnerActor));
        Assert.True(await document.CanReadAsync(Staff(Role.Doctor, Almaty)));
        Assert.False(await document.CanReadAsync(new Actor(OtherParent, Role.Parent, "Other", Almaty, null)));
    }

    [Fact]
    public async Task CanRead_NoGrant_NobodyNotEvenTheSystem()
    {
        var document = NewDocument();

        Assert.False(await document.CanReadAsync(OwnerActor));
        Assert.False(await document.CanReadAsync(Actor.System));
        Assert.False(await document.CanReadAsync(Staff(Role.Doctor, Almaty)));
        Assert.False(await document.IsOwnedByAsync(Owner));
    }

    [Fact]
    public async Task IsOwnedBy_UploaderAndOthers_OnlyTheUploader()
    {
        var document = NewDocument();
        await GrantAsync(document, DocumentPurpose.PriorityProof, "");

        Assert.True(await document.IsOwnedByAsync(Owner));
        Assert.False(await document.IsOwnedByAsync(OtherParent));
        Assert.False(await document.IsOwnedByAsync(""));
    }

    [Fact]
    public async Task Grant_EmptyOwner_RefusedAndNobodyReads()
    {
        var document = NewDocument();

        await Assert.ThrowsAsync<ArgumentException>(() => GrantAsync(document, DocumentPurpose.Conclusion, Almaty, owner: ""));

        Assert.False(await document.CanReadAsync(Staff(Role.Doctor, Almaty)));
        Assert.False(await document.CanReadAsync(Actor.System));
    }

    [Fact]
    public async Task Grant_SameGrantTwice_StoredOnceAndSurvivesDeactivation()
    {
        var document = NewDocument();
        await GrantAsync(document, DocumentPurpose.Conclusion, "");
        await GrantAsync(document, DocumentPurpose.Conclusion, Almaty);
        await GrantAsync(document, DocumentPurpose.Conclusion, Almaty);
        await GrantAsync(document, DocumentPurpose.Conclusion, "");

        await fixture.Cluster.DeactivateAsync(document);
        var doctorReads = await document.CanReadAsync(Staff(Role.Doctor, Almaty));

        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var stored = new GrainState<DocumentAccessState>();
        await storage.ReadStateAsync("document-access", document.GetGrainId(), stored);
        Assert.True(doctorReads);
        Assert.NotNull(stored.State);
        Assert.Equal(2, stored.State.Grants.Count);
        Assert.Equal(
            [("", (string?)null), (Almaty, "A-0001")],
            stored.State.Grants.Select(g => (g.CityId, g.ApplicationNumber)));
    }
}
