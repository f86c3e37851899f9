using System.Net;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Balabaqsha.Web.Tests;

/// <summary>Registration through the grains, then the cookie hand-over over real HTTP.</summary>
public sealed class SignInFlowTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private IGrainFactory Grains => portal.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task CompleteSignIn_ValidTicket_SetsCookieOnce()
    {
        using var client = portal.CreateNoRedirectClient();
        var person = FreeAdult(0);
        await RegisterAsync(person);
        var outcome = await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Iin, person.Iin, "Correct-horse-1");
        var url = portal.Services.GetRequiredService<SignInTickets>().CreateCompletionUrl(outcome, remember: true, "/profile");

        using var first = await client.GetAsync(url);
        using var cabinet = await client.GetAsync("/cabinet");
        using var replay = await portal.CreateNoRedirectClient().GetAsync(url);

        Assert.Equal("/profile", first.Headers.Location!.OriginalString);
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bq.auth", StringComparison.Ordinal) && c.Contains("expires", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, cabinet.StatusCode);
        Assert.Equal("/login", replay.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_SignedIn_ProtectedPageRedirectsAgain()
    {
        using var client = portal.CreateNoRedirectClient();
        var person = FreeAdult(1);
        await RegisterAsync(person);
        var outcome = await Grains.GetGrain<IIdentityGrain>(0).SignInAsync(LoginKind.Phone, person.Phone!, "Correct-horse-1");
        using var signIn = await client.GetAsync(portal.Services.GetRequiredService<SignInTickets>().CreateCompletionUrl(outcome, remember: false, null));
        Assert.DoesNotContain(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bq.auth", StringComparison.Ordinal) && c.Contains("expires", StringComparison.OrdinalIgnoreCase));

        var page = await client.GetStringAsync("/cabinet");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signOut = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var after = await client.GetAsync("/cabinet");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    private async Task RegisterAsync(RegistryPerson person)
    {
        var identity = Grains.GetGrain<IIdentityGrain>(0);
        await identity.RequestCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, "ru");
        var sms = (await Grains.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(20)).First(m => m.Phone == person.Phone);
        var code = System.Text.RegularExpressions.Regex.Match(sms.Text, @"\b\d{6}\b").Value;
        var verified = await identity.VerifyCodeAsync(SmsPurpose.Registration, person.Phone!, person.Iin, code);
        await identity.RegisterAsync(person.Phone!, person.Iin, verified.Ticket, "Correct-horse-1", "Correct-horse-1", "ru");
    }

    /// <summary>Adults of the registry's non-demo families with a phone: free to register in tests.</summary>
    private static RegistryPerson FreeAdult(int index)
    {
        var registry = JsonPopulationRegistry.BuiltIn();
        return registry.Families.Where(f => !f.Demo).SelectMany(f => f.Guardians)
            .Select(i => registry.Find(i)!).Where(p => p.Phone is not null)
            .Skip(20 + index).First();
    }
}
