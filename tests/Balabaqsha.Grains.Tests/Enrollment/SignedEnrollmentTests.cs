using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.Grains.Applications;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Silo.Demo;
using Balabaqsha.Silo.Signatures;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Enrollment;

/// <summary>
/// The signed end of enrollment through the grains (SPEC §7): contract, the parent's and the
/// kindergarten's CAdES signatures made with keys of the fixture's test CA, and the refusals.
/// </summary>
/// <remarks>
/// The children are the demo families' younger preschoolers: the voucher tests take each demo family's
/// first preschooler, the application and identity tests the other families.
/// </remarks>
[Collection(PortalClusterCollection.Name)]
public sealed class SignedEnrollmentTests(PortalClusterFixture fixture)
{
    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();
    private static readonly List<(RegistryPerson Parent, RegistryPerson Child)> Families = [.. Registry.Families
        .Where(f => f.Demo)
        .Select(f => (Parent: Registry.Find(f.Guardians[0])!, Children: f.Children.Select(c => Registry.Find(c)!).Where(c => c.BirthDate.Year is >= 2021 and <= 2024).Skip(1).ToList()))
        .Where(f => f.Parent.Phone is not null)
        .SelectMany(f => f.Children.Select(c => (f.Parent, c)))];

    private static int _nextFamily = -1;

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task SignByStaff_AfterTheParentsGoodSignature_ChildEnrolled_PlaceTaken_OtherApplicationArchived()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var sanatorium = await Parent(family).SubmitApplicationAsync(Actor(family.Parent), await SanatoriumAsync(family, place));
        var app = await ContractSentAsync(place, family);
        var contract = (await app.GetContractAsync(Actor(family.Parent)))!;
        var unsigned = (await app.GetSignedContractAsync(Actor(family.Parent)))!;
        Assert.Null(unsigned.ParentSignature);
        Assert.Null(unsigned.KindergartenSignature);

        var signed = await app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, contract), await AllDocumentsAsync(family.Parent.Iin));
        Assert.Equal(ApplicationStatus.ContractSigning, signed.Status);
        Assert.NotNull(signed.Enrollment!.ParentSignedAt);
        Assert.Equal(5, signed.Enrollment.Documents.Count);
        Assert.Contains(await Inbox(place).GetAsync(), i => i.Number == signed.Number && i.ParentSignedAt is not null);

        // The kindergarten's staff read what was attached to their contract; no other kindergarten, doctor or operator.
        Assert.Equal(signed.Enrollment.Documents, Assert.Single(await Inbox(place).GetAsync()).Documents);
        foreach (var document in signed.Enrollment.Documents)
        {
            var access = Client.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(document.Split(':')[1]));
            Assert.True(await access.CanReadAsync(place.Staff));
            Assert.False(await access.CanReadAsync(place.Staff with { KindergartenId = place.CityId + "-002" }));
            Assert.False(await access.CanReadAsync(new Actor(place.Staff.Iin, Role.Doctor, "Врач", place.CityId, null)));
            Assert.False(await access.CanReadAsync(new Actor(place.Staff.Iin, Role.Operator, "Оператор", place.CityId, place.KindergartenId)));
        }

        var enrolled = await app.SignByStaffAsync(place.Staff, Sign(place.Staff.Iin, place.Staff.FullName, contract));

        Assert.Equal(ApplicationStatus.Enrolled, enrolled.Status);
        Assert.NotNull(enrolled.Enrollment!.StaffSignedAt);
        var pool = await Pool(place, family).GetAsync();
        Assert.Equal((1, 0, 0), (pool.Enrolled, pool.Holds, pool.Outstanding));
        Assert.Empty(await Inbox(place).GetAsync());
        var other = await App(sanatorium).GetAsync(Actor(family.Parent));
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.EnrolledElsewhere), (other.Status, other.ArchiveReason));

        // The signed contract: the PDF and both signatures, each verifying against it, for the family and the kindergarten only.
        var signedContract = (await app.GetSignedContractAsync(place.Staff))!;
        Assert.Equal(contract, signedContract.Pdf);
        var verifier = new ContractSignatureVerifier([fixture.SigningAuthority.RootCertificate]);
        var now = fixture.Time.GetCurrentInstant();
        Assert.True(verifier.Verify(signedContract.Pdf, signedContract.ParentSignature!, family.Parent.Iin, now).IsValid);
        Assert.True(verifier.Verify(signedContract.Pdf, signedContract.KindergartenSignature!, place.Staff.Iin, now).IsValid);
        Assert.Equal(signedContract.KindergartenSignature, (await app.GetSignedContractAsync(Actor(family.Parent)))!.KindergartenSignature);
        var stranger = await Assert.ThrowsAsync<DomainException>(() => app.GetSignedContractAsync(place.Staff with { KindergartenId = place.CityId + "-002" }));
        Assert.Equal("Error.Access.Denied", stranger.MessageKey);
    }

    [Fact]
    public async Task SignByParent_MissingDocument_RefusedAndNothingChanges()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family);
        var contract = (await app.GetContractAsync(Actor(family.Parent)))!;
        var withoutVaccinations = (await AllDocumentsAsync(family.Parent.Iin)).Where(d => !d.StartsWith("065u:", StringComparison.Ordinal)).ToList();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, contract), withoutVaccinations));

        Assert.Equal("Error.Enrollment.MissingDocument", refused.MessageKey);
        await AssertUnsignedAsync(place, app, family);
    }

    [Fact]
    public async Task SignByParent_SomeoneElsesCertificate_WrongSigner()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family);
        var contract = (await app.GetContractAsync(Actor(family.Parent)))!;
        var someoneElse = Families.First(f => f.Parent.Iin != family.Parent.Iin).Parent;
        var documents = await AllDocumentsAsync(family.Parent.Iin);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.SignByParentAsync(Actor(family.Parent), Sign(someoneElse.Iin, someoneElse.FullName, contract), documents));

        Assert.Equal("Error.Signature.WrongSigner", refused.MessageKey);
        await AssertUnsignedAsync(place, app, family);
    }

    [Fact]
    public async Task SignByParent_SignatureOverAnotherPdf_Invalid()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family);
        var another = DemoApplications.DemoPdf("Another contract");
        var documents = await AllDocumentsAsync(family.Parent.Iin);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, another), documents));

        Assert.Equal("Error.Signature.Invalid", refused.MessageKey);
        await AssertUnsignedAsync(place, app, family);
    }

    [Fact]
    public async Task SignByStaff_OfAnotherKindergarten_AccessDenied_TheirOwnStaffEnrolls()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family);
        var contract = (await app.GetContractAsync(Actor(family.Parent)))!;
        await app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, contract), await AllDocumentsAsync(family.Parent.Iin));
        var stranger = place.Staff with { KindergartenId = place.CityId + "-002" };

        var refused = await Assert.ThrowsAsync<DomainException>(() => app.SignByStaffAsync(stranger, Sign(stranger.Iin, stranger.FullName, contract)));

        Assert.Equal("Error.Access.Denied", refused.MessageKey);
        Assert.Equal(ApplicationStatus.ContractSigning, (await app.GetAsync(Actor(family.Parent))).Status);
        Assert.Equal(0, (await Pool(place, family).GetAsync()).Enrolled);
        var enrolled = await app.SignByStaffAsync(place.Staff, Sign(place.Staff.Iin, place.Staff.FullName, contract));
        Assert.Equal(ApplicationStatus.Enrolled, enrolled.Status);
    }

    [Fact]
    public async Task FillInContract_RendersTheContractAgain_OnlyTheNewOneCanBeSigned()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family, fillIn: false);
        var before = (await app.GetContractAsync(Actor(family.Parent)))!;
        var proposed = (await app.GetAsync(Actor(family.Parent))).Enrollment!.ProposedStart!.Value;
        var documents = await AllDocumentsAsync(family.Parent.Iin);

        // Not signed before the parent's part is in the contract.
        var unfilled = await Assert.ThrowsAsync<DomainException>(() =>
            app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, before), documents));
        Assert.Equal("Error.Contract.EntriesMissing", unfilled.MessageKey);
        await AssertUnsignedAsync(place, app, family);

        var filled = await app.FillInContractAsync(Actor(family.Parent), "  Алматы, мкр. Самал-2, 58  ", "8 (701) 111-22-33", proposed.PlusDays(3));

        Assert.Equal(("Алматы, мкр. Самал-2, 58", "+77011112233", proposed.PlusDays(3)),
            (filled.Enrollment!.EntryAddress, filled.Enrollment.EntrySecondPhone, filled.Enrollment.EntryStart));
        Assert.Equal("History.ContractFilledIn", filled.History[^1].EventKey);
        var after = (await app.GetContractAsync(Actor(family.Parent)))!;
        Assert.NotEqual(before, after);
        Assert.Equal(after, (await app.GetContractAsync(place.Staff))!);

        // A signature over the contract as first sent no longer matches what the parent signs.
        var stale = await Assert.ThrowsAsync<DomainException>(() =>
            app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, before), documents));
        Assert.Equal("Error.Signature.Invalid", stale.MessageKey);
        var signed = await app.SignByParentAsync(Actor(family.Parent), Sign(family.Parent.Iin, family.Parent.FullName, after), documents);
        Assert.NotNull(signed.Enrollment!.ParentSignedAt);

        // Signed: the entries are final.
        var late = await Assert.ThrowsAsync<DomainException>(() => app.FillInContractAsync(Actor(family.Parent), "Алматы, ул. Другая, 1", null, null));
        Assert.Equal("Error.Enrollment.AlreadySigned", late.MessageKey);
    }

    [Fact]
    public async Task FillInContract_BadEntriesOrNotTheParent_RefusedAndTheContractStays()
    {
        var place = await NewLocalityAsync();
        var family = await FamilyAsync();
        var app = await ContractSentAsync(place, family, fillIn: false);
        var before = (await app.GetContractAsync(Actor(family.Parent)))!;
        var proposed = (await app.GetAsync(Actor(family.Parent))).Enrollment!.ProposedStart!.Value;
        (Actor Who, string Address, string? Phone, LocalDate? Start, string Error)[] attempts =
        [
            (Actor(family.Parent), "ул.", null, null, "Error.Contract.Address"),
            (Actor(family.Parent), "Алматы, ул. Абая, 10", "+7 727 000 00 00", null, "Error.Contract.SecondPhone"),
            (Actor(family.Parent), "Алматы, ул. Абая, 10", null, proposed.PlusDays(-1), "Error.Contract.StartDate"),
            (Actor(family.Parent), "Алматы, ул. Абая, 10", null, proposed.PlusDays(61), "Error.Contract.StartDate"),
            (place.Staff, "Алматы, ул. Абая, 10", null, null, "Error.Access.Denied"),
        ];

        foreach (var (who, address, phone, start, error) in attempts)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => app.FillInContractAsync(who, address, phone, start));
            Assert.Equal(error, refused.MessageKey);
        }

        Assert.Equal(before, await app.GetContractAsync(Actor(family.Parent)));
        Assert.Null((await app.GetAsync(Actor(family.Parent))).Enrollment!.EntryAddress);
    }

    private async Task AssertUnsignedAsync(Locality place, IApplicationGrain app, (RegistryPerson Parent, RegistryPerson Child) family)
    {
        var view = await app.GetAsync(Actor(family.Parent));
        Assert.Equal(ApplicationStatus.ContractSigning, view.Status);
        Assert.Null(view.Enrollment!.ParentSignedAt);
        Assert.Empty(view.Enrollment.Documents);
        Assert.Contains(await Inbox(place).GetAsync(), i => i.Number == view.Number && i.ParentSignedAt is null);
        Assert.Equal((1, 0), ((await Pool(place, family).GetAsync()).Holds, (await Pool(place, family).GetAsync()).Enrolled));
    }

    /// <summary>A voucher offered and accepted, a place requested, the contract sent by the kindergarten.</summary>
    /// <remarks>With <paramref name="fillIn"/> the parent also fills in their part (the home address), as signing needs.</remarks>
    private async Task<IApplicationGrain> ContractSentAsync(Locality place, (RegistryPerson Parent, RegistryPerson Child) family, bool fillIn = true)
    {
        var number = await Parent(family).SubmitApplicationAsync(Actor(family.Parent), new ApplicationForm(
            QueueType.General, family.Child.Iin, null, null, place.CityId, place.KindergartenId, "ru", null, null, true));
        var app = App(number);
        await Pool(place, family).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        for (var i = 0; i < 100 && (await app.GetAsync(Actor(family.Parent))).Status != ApplicationStatus.VoucherOffered; i++)
        {
            await Task.Delay(20);
        }

        await app.AcceptVoucherAsync(Actor(family.Parent));
        await app.RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, place.GroupId);
        var sent = await app.SendContractAsync(place.Staff);
        Assert.Equal(ApplicationStatus.ContractSigning, sent.Status);
        Assert.True(sent.Enrollment!.HasContract);
        if (fillIn)
        {
            await app.FillInContractAsync(Actor(family.Parent), "Алматы, ул. Абая, 10, кв. 5", null, null);
        }

        return app;
    }

    // Uploaded by the parent: stored and granted to them, as the upload door does.
    private async Task<IReadOnlyList<string>> AllDocumentsAsync(string ownerIin)
    {
        var documents = new List<string>();
        foreach (var kind in ContractDocuments.Required)
        {
            var sha = await fixture.Documents.SaveAsync(DemoApplications.DemoPdf($"Document {kind} {ownerIin}"));
            await Client.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha)).GrantAsync(new DocumentGrant(DocumentPurpose.Conclusion, ownerIin, string.Empty, null));
            documents.Add($"{kind}:{sha}");
        }

        return documents;
    }

    private byte[] Sign(string iin, string fullName, byte[] content) =>
        DemoSigner.Sign(fixture.SigningAuthority, iin, fullName, content, fixture.Time.GetCurrentInstant().ToDateTimeOffset());

    private sealed record Locality(string CityId, string KindergartenId, string GroupId, Actor Staff);

    private async Task<Locality> NewLocalityAsync()
    {
        var city = "e" + Guid.NewGuid().ToString("N")[..8];
        await Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Domain.Applications.Actor.System, new City(city, new LocalizedText(city, city, city), [new District("d1", new LocalizedText("d1", "d1", "d1"))]));
        var kindergartenId = city + "-001";
        var group = new KindergartenGroup("g1", "Группа 1", 1, 7, "ru", QueueType.General, null, 50);
        await Client.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).SaveAsync(Domain.Applications.Actor.System, new KindergartenProfile(
            kindergartenId, 1, new LocalizedText("Бала", "Бала", "Bala"), city, "d1", "ул. Тестовая, 1", Ownership.State, ["ru"], "+77270000000", [group]));

        // The staff sign with a certificate that names them by IIN: a made-up 12-digit one.
        var staffIin = "77" + Random.Shared.NextInt64(0, 10_000_000_000).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        return new Locality(city, kindergartenId, group.Id, new Actor(staffIin, Role.KindergartenStaff, "Сотрудник Тестовый", city, kindergartenId));
    }

    private async Task<(RegistryPerson Parent, RegistryPerson Child)> FamilyAsync()
    {
        // Each test takes a child of its own (there are more children than tests): none has an application yet.
        var family = Families[Interlocked.Increment(ref _nextFamily) % Families.Count];
        var account = Client.GetGrain<IAccountGrain>(GrainKeys.Account(family.Parent.Iin));
        if (await account.GetAsync() is null)
        {
            await account.CreateParentAsync(RegistryPersonSnapshot.From(family.Parent), family.Parent.Phone!, "hash", "ru");
        }

        var parent = Parent(family);
        if ((await parent.GetChildrenAsync(Actor(family.Parent))).All(c => c.Iin != family.Child.Iin))
        {
            await parent.AddChildAsync(Actor(family.Parent), family.Child.Iin);
        }

        return family;
    }

    private async Task<ApplicationForm> SanatoriumAsync((RegistryPerson Parent, RegistryPerson Child) family, Locality place)
    {
        var conclusion = await fixture.Documents.SaveAsync(DemoApplications.DemoPdf("Conclusion " + Guid.NewGuid().ToString("N")));
        await Client.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(conclusion)).GrantAsync(new DocumentGrant(DocumentPurpose.Conclusion, family.Parent.Iin, string.Empty, null));
        return new ApplicationForm(QueueType.Sanatorium, family.Child.Iin, "rehab-test", conclusion, place.CityId, null, "ru", null, null, true);
    }

    private IKindergartenInboxGrain Inbox(Locality place) => Client.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(place.KindergartenId));

    private IVoucherPoolGrain Pool(Locality place, (RegistryPerson Parent, RegistryPerson Child) family) =>
        Client.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(place.CityId, QueueType.General, null, "ru", family.Child.BirthDate.Year));

    private IParentGrain Parent((RegistryPerson Parent, RegistryPerson Child) family) => Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(family.Parent.Iin));

    private IApplicationGrain App(string number) => Client.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    private static Actor Actor(RegistryPerson person) => new(person.Iin, Role.Parent, person.FullName, null, null);
}
