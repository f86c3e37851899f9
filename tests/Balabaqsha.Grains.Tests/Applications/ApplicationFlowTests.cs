using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Notifications;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Grains.Tests.Infrastructure;
using NodaTime;

namespace Balabaqsha.Grains.Tests.Applications;

/// <summary>Children, applications, the doctor's and the operator's decisions, and the notices they cause.</summary>
[Collection(PortalClusterCollection.Name)]
public sealed class ApplicationFlowTests(PortalClusterFixture fixture)
{
    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();
    private static int _nextFamily;

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task AddChild_OwnChild_AddedOnceAndSomeoneElsesRefused()
    {
        var (parent, child) = NextFamily();
        var grain = Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(parent.Iin));
        var stranger = NextFamily().Child;

        var card = await grain.AddChildAsync(Actor(parent), child.Iin);
        var again = await Assert.ThrowsAsync<DomainException>(() => grain.AddChildAsync(Actor(parent), child.Iin));
        var notMine = await Assert.ThrowsAsync<DomainException>(() => grain.CheckChildAsync(Actor(parent), stranger.Iin));

        Assert.Equal(child.Surname, card.Surname);
        Assert.Equal("Error.Child.AlreadyAdded", again.MessageKey);
        Assert.Equal("Error.Child.NotYourChild", notMine.MessageKey);
        Assert.Single(await grain.GetChildrenAsync(Actor(parent)));
    }

    [Fact]
    public async Task SubmitGeneral_InQueueWithAPlaceAndANotice()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();

        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), General(child, city));
        var view = await App(number).GetAsync(Actor(parent));

        Assert.Equal(ApplicationStatus.InQueue, view.Status);
        Assert.Equal(1, view.Place!.Place);
        Assert.Equal(1, view.Place.BirthYearPlace);
        var notice = Assert.Single(await Notices(parent).GetAsync(10));
        Assert.Equal(("Notice.Submitted", number), (notice.Key, notice.Arguments[0]));
    }

    [Fact]
    public async Task SubmitSanatorium_DoctorConfirms_QueuePlaceNoticeAndSmsInTheGuidesWords()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), await SanatoriumAsync(parent, child, city));
        var inbox = await Client.GetGrain<IReviewInboxGrain>(ApplicationKeys.DoctorInbox(city)).GetAsync();

        var confirmed = await App(number).ConfirmAsync(Doctor(city));

        Assert.Contains(inbox, i => i.Number == number);
        Assert.Empty(await Client.GetGrain<IReviewInboxGrain>(ApplicationKeys.DoctorInbox(city)).GetAsync());
        Assert.Equal(ApplicationStatus.InQueue, confirmed.Status);
        Assert.Equal(1, confirmed.Place!.Place);
        var notice = (await Notices(parent).GetAsync(10))[0];
        Assert.Equal(("Notice.Confirmed", "1"), (notice.Key, notice.Arguments[0]));
        var sms = (await Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(20)).First(m => m.Phone == parent.Phone);
        Assert.Contains("Ваша заявка на получение ваучера подтверждена. Место в очереди: 1", sms.Text, StringComparison.Ordinal);
        Assert.Equal(2, await Notices(parent).UnreadCountAsync());
    }

    [Fact]
    public async Task Decide_TwoDoctorsAtOnce_ExactlyOneDecisionWins()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), await SanatoriumAsync(parent, child, city));
        var first = Doctor(city);
        var second = first with { Iin = "second-doctor", FullName = "Второй Врач" };

        var outcomes = await Task.WhenAll(
            Attempt(() => App(number).ConfirmAsync(first)),
            Attempt(() => App(number).RejectAsync(second, "документ нечитаем")));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o == "Error.Application.AlreadyDecided");
        var view = await App(number).GetAsync(Actor(parent));
        Assert.Equal(2, view.History.Count);
    }

    [Fact]
    public async Task Reject_WithReason_ArchivedParentToldTheDoctorsNameAndMayApplyAgain()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var form = await SanatoriumAsync(parent, child, city);
        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), form);

        var rejected = await App(number).RejectAsync(Doctor(city), "нет печати");
        var again = await Parent(parent).SubmitApplicationAsync(Actor(parent), form);

        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.Rejected), (rejected.Status, rejected.ArchiveReason));
        Assert.Equal("нет печати", rejected.History[^1].Reason);
        var notice = (await Notices(parent).GetAsync(10)).First(n => n.Key == "Notice.Rejected");
        Assert.Equal("Доктор Тестовый", notice.Arguments[0]);
        Assert.NotEqual(number, again);
    }

    [Fact]
    public async Task Submit_SecondActiveOfTheSameQueueType_RefusedButTheOtherTypeAllowed()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        await Parent(parent).SubmitApplicationAsync(Actor(parent), General(child, city));

        var error = await Assert.ThrowsAsync<DomainException>(() => Parent(parent).SubmitApplicationAsync(Actor(parent), General(child, city)));
        var sanatorium = await Parent(parent).SubmitApplicationAsync(Actor(parent), await SanatoriumAsync(parent, child, city));

        Assert.Equal("Error.Application.AlreadyActive", error.MessageKey);
        Assert.Equal(2, (await Parent(parent).GetApplicationsAsync(Actor(parent))).Count);
        Assert.StartsWith(city[..3].ToUpperInvariant(), sanatorium, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_InQueue_LeavesTheQueueAndTheNextMovesUp()
    {
        var city = await NewCityAsync();
        var (first, firstChild) = await FamilyWithChildAsync();
        var (second, secondChild) = await FamilyWithChildAsync();
        var firstNumber = await Parent(first).SubmitApplicationAsync(Actor(first), General(firstChild, city));
        fixture.Time.Advance(Duration.FromMinutes(1));
        var secondNumber = await Parent(second).SubmitApplicationAsync(Actor(second), General(secondChild, city));
        Assert.Equal(2, (await App(secondNumber).GetAsync(Actor(second))).Place!.Place);

        var withdrawn = await App(firstNumber).WithdrawAsync(Actor(first));

        Assert.Equal(ArchiveReason.Withdrawn, withdrawn.ArchiveReason);
        Assert.Equal(1, (await App(secondNumber).GetAsync(Actor(second))).Place!.Place);
        Assert.Equal(1, await Client.GetGrain<IQueueGrain>(QueueKeys.For(city, QueueType.General, null)).CountAsync());
    }

    [Fact]
    public async Task Priority_ConfirmedByOperator_MovesAheadOfEarlierApplications()
    {
        var city = await NewCityAsync();
        var (early, earlyChild) = await FamilyWithChildAsync();
        var (claimant, claimantChild) = await FamilyWithChildAsync();
        await Parent(early).SubmitApplicationAsync(Actor(early), General(earlyChild, city));
        fixture.Time.Advance(Duration.FromMinutes(1));
        var proof = await OwnDocumentAsync(claimant);
        var number = await Parent(claimant).SubmitApplicationAsync(Actor(claimant), General(claimantChild, city) with { PriorityCategoryId = "priority-test", PriorityProofDocument = proof });
        var before = await App(number).GetAsync(Actor(claimant));
        var inbox = await Client.GetGrain<IReviewInboxGrain>(ApplicationKeys.OperatorInbox(city)).GetAsync();

        var after = await App(number).DecidePriorityAsync(Operator(city), true, null);

        Assert.Equal(2, before.Place!.Place);
        Assert.Contains(inbox, i => i.Number == number);
        Assert.Equal(1, after.Place!.Place);
        Assert.Equal(PriorityClaimStatus.Confirmed, after.Priority!.Status);
    }

    [Fact]
    public async Task Get_SomeoneElse_AccessDenied()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), await SanatoriumAsync(parent, child, city));
        var stranger = NextFamily().Parent;

        foreach (var viewer in new[] { Actor(stranger), Doctor("astana"), Operator(city) })
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => App(number).GetAsync(viewer));
            Assert.Equal("Error.Access.Denied", error.MessageKey);
        }

        Assert.Equal(number, (await App(number).GetAsync(Doctor(city))).Number);
    }

    [Fact]
    public async Task Submit_SomeoneElsesDocument_Refused()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var other = NextFamily().Parent;
        var foreign = await OwnDocumentAsync(other);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            Parent(parent).SubmitApplicationAsync(Actor(parent), General(child, city) with { QueueType = QueueType.Sanatorium, RehabilitationTypeId = "rehab-test", ConclusionDocument = foreign }));

        Assert.Equal("Error.Document.NotYours", error.MessageKey);
        Assert.Empty(await Parent(parent).GetApplicationsAsync(Actor(parent)));
    }

    [Fact]
    public async Task Submit_ForAnotherParent_AccessDenied()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var stranger = NextFamily().Parent;

        var error = await Assert.ThrowsAsync<DomainException>(() => Parent(parent).SubmitApplicationAsync(Actor(stranger), General(child, city)));

        Assert.Equal("Error.Access.Denied", error.MessageKey);
    }

    [Fact]
    public async Task Application_AfterDeactivation_ReadsBackWithHistoryAndPlace()
    {
        var city = await NewCityAsync();
        var (parent, child) = await FamilyWithChildAsync();
        var number = await Parent(parent).SubmitApplicationAsync(Actor(parent), await SanatoriumAsync(parent, child, city));
        var confirmed = await App(number).ConfirmAsync(Doctor(city));

        await fixture.Cluster.DeactivateAsync(App(number));
        await fixture.Cluster.DeactivateAsync(Client.GetGrain<IQueueGrain>(QueueKeys.For(city, QueueType.Sanatorium, "rehab-test")));
        var read = await App(number).GetAsync(Actor(parent));

        Assert.Equal(confirmed.History, read.History);
        Assert.Equal(confirmed.Place, read.Place);
        Assert.Equal(confirmed.SubmittedAt, read.SubmittedAt);
    }

    private static async Task<string?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.MessageKey;
        }
    }

    private static (RegistryPerson Parent, RegistryPerson Child) NextFamily()
    {
        var families = Registry.Families
            .Where(f => !f.Demo)
            .Where((_, i) => i % 2 == 1) // the identity tests take the other half
            .Select(f => (Parent: Registry.Find(f.Guardians[0])!, Child: f.Children.Select(c => Registry.Find(c)!).FirstOrDefault(c => c.BirthDate.Year >= 2021)))
            .Where(f => f.Child is not null && f.Parent.Phone is not null)
            .ToList();
        var index = Interlocked.Increment(ref _nextFamily) % families.Count;
        return (families[index].Parent, families[index].Child!);
    }

    private async Task<(RegistryPerson Parent, RegistryPerson Child)> FamilyWithChildAsync()
    {
        var family = NextFamily();
        var account = Client.GetGrain<IAccountGrain>(GrainKeys.Account(family.Parent.Iin));
        if (await account.GetAsync() is null)
        {
            await account.CreateParentAsync(RegistryPersonSnapshot.From(family.Parent), family.Parent.Phone!, "hash", "ru");
        }

        var parent = Parent(family.Parent);
        if ((await parent.GetChildrenAsync(Actor(family.Parent))).All(c => c.Iin != family.Child.Iin))
        {
            await parent.AddChildAsync(Actor(family.Parent), family.Child.Iin);
        }

        return family;
    }

    private async Task<string> NewCityAsync()
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..8];
        await Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Domain.Applications.Actor.System, new City(id, new LocalizedText(id, id, id), []));
        var lists = Client.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);
        await lists.UpsertPriorityCategoryAsync(Domain.Applications.Actor.System, new CatalogEntry("priority-test", new LocalizedText("a", "б", "c"), 2, true));
        return id;
    }

    private async Task<string> OwnDocumentAsync(RegistryPerson owner)
    {
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())).ToLowerInvariant();
        await Client.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha)).GrantAsync(new DocumentGrant(DocumentPurpose.Conclusion, owner.Iin, string.Empty, null));
        return sha;
    }

    private async Task<ApplicationForm> SanatoriumAsync(RegistryPerson parent, RegistryPerson child, string city) =>
        General(child, city) with { QueueType = QueueType.Sanatorium, RehabilitationTypeId = "rehab-test", ConclusionDocument = await OwnDocumentAsync(parent) };

    private static ApplicationForm General(RegistryPerson child, string city) =>
        new(QueueType.General, child.Iin, null, null, city, null, "ru", null, null, true);

    private static Actor Actor(RegistryPerson person) => new(person.Iin, Role.Parent, person.FullName, null, null);

    private static Actor Doctor(string city) => new("doctor-" + city, Role.Doctor, "Доктор Тестовый", city, null);

    private static Actor Operator(string city) => new("operator-" + city, Role.Operator, "Оператор Тестовый", city, null);

    private IParentGrain Parent(RegistryPerson person) => Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(person.Iin));

    private IApplicationGrain App(string number) => Client.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    private INotificationGrain Notices(RegistryPerson person) => Client.GetGrain<INotificationGrain>(NotificationKeys.Inbox(person.Iin));
}
