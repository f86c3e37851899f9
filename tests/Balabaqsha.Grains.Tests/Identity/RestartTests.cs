using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Grains.Tests.Infrastructure;

namespace Balabaqsha.Grains.Tests.Identity;

/// <summary>A whole restart on the same SQLite file: accounts, lockouts and the outbox are still there.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly PortalClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Restart_AccountLockoutChildAndApplication_AllKept()
    {
        var person = TestPeople.NextWithPreschooler();
        var identity = _fixture.Client.GetGrain<IIdentityGrain>(0);
        await identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var sms = (await _fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(1)).Single();
        var code = System.Text.RegularExpressions.Regex.Match(sms.Text, @"\b\d{6}\b").Value;
        var verified = await identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, code);
        var created = await identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, "Restart-2026", "Restart-2026", "kk");
        for (var i = 0; i < 5; i++)
        {
            await identity.SignInAsync(LoginKind.Iin, person.Iin, "wrong-password");
        }

        var registry = Balabaqsha.Domain.Registry.JsonPopulationRegistry.BuiltIn();
        var child = registry.ChildrenOf(person.Iin).First(c => c.BirthDate.Year >= 2021);
        await _fixture.Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Actor.System, new City("almaty", new LocalizedText("a", "a", "a"), []));
        var parent = _fixture.Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(person.Iin));
        await parent.AddChildAsync(new Actor(person.Iin, Role.Parent, person.FullName, null, null), child.Iin);
        var number = await parent.SubmitApplicationAsync(
            new Actor(person.Iin, Role.Parent, person.FullName, null, null),
            new ApplicationForm(QueueType.General, child.Iin, null, null, "almaty", null, "kk", null, null, true));

        await _fixture.RestartAsync();
        identity = _fixture.Client.GetGrain<IIdentityGrain>(0);
        var locked = await identity.SignInAsync(LoginKind.Iin, person.Iin, "Restart-2026");
        _fixture.Time.Advance(NodaTime.Duration.FromMinutes(16));
        var signedIn = await identity.SignInAsync(LoginKind.Phone, person.Phone!, "Restart-2026");

        Assert.Equal("Error.SignIn.Locked", locked.MessageKey);
        Assert.True(signedIn.Succeeded);
        Assert.Equal(created.CreatedAt, signedIn.Account!.CreatedAt);
        Assert.Equal("kk", signedIn.Account.Language);
        Assert.Contains(await _fixture.Client.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(5), m => m.Phone == person.Phone);
        var application = await _fixture.Client.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).GetAsync(new Actor(person.Iin, Role.Parent, person.FullName, null, null));
        Assert.Equal(ApplicationStatus.InQueue, application.Status);
        Assert.Equal(1, application.Place!.Place);
        Assert.Single(await _fixture.Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(person.Iin)).GetChildrenAsync(new Actor(person.Iin, Role.Parent, person.FullName, null, null)));
    }
}
