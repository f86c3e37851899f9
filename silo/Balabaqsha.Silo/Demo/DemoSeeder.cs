using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Grains.Identity;
using Balabaqsha.Silo.Signatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Balabaqsha.Silo.Demo;

/// <summary>
/// Seeds the demo data on first start (cities, catalogs, kindergartens, staff and the registry's
/// demo families as parents) and tells the person at the console which accounts to use.
/// </summary>
public sealed class DemoSeeder(IServiceProvider services, IPopulationRegistry registry, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoPassword = "Balabaqsha-2026";
    public const int Version = 5;

    private static readonly (string Login, Role Role, string? City)[] CityStaff =
    [
        ("admin", Role.Administrator, null),
        ("doctor.almaty", Role.Doctor, DemoCatalog.Almaty),
        ("operator.almaty", Role.Operator, DemoCatalog.Almaty),
        ("doctor.astana", Role.Doctor, DemoCatalog.Astana),
        ("operator.astana", Role.Operator, DemoCatalog.Astana),
        ("doctor.shymkent", Role.Doctor, DemoCatalog.Shymkent),
        ("operator.shymkent", Role.Operator, DemoCatalog.Shymkent),
    ];

    private IGrainFactory? _grains;

    public IReadOnlyList<string> ParentLogins { get; private set; } = [];

    // Resolved once the silo runs (see ClockSyncService for why not in the constructor).
    private IGrainFactory Grains => _grains ??= services.GetRequiredService<IGrainFactory>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = Grains.GetGrain<IDemoSeedGrain>(GrainKeys.DemoSeed);
        var parents = DemoParents();
        ParentLogins = [.. parents.Select((_, i) => ParentLogin(i + 1))];
        var seeded = await seed.GetVersionAsync();
        if (seeded < 1)
        {
            logger.LogInformation("Seeding demo data: catalogs, kindergartens, accounts");
            await SeedAsync(parents);
            await seed.SetVersionAsync(1);
        }

        if (seeded < 2)
        {
            logger.LogInformation("Seeding demo data: children and applications");
            await new DemoApplications(Grains, registry, services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NodaTime.IClock>()).SeedAsync(parents);
            await seed.SetVersionAsync(2);
        }

        if (seeded < 3)
        {
            logger.LogInformation("Seeding demo data: priorities confirmed and withdrawals, so places have a history");
            await new DemoApplications(Grains, registry, services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NodaTime.IClock>()).SeedQueueMovesAsync(parents);
            await seed.SetVersionAsync(3);
        }

        if (seeded < 4)
        {
            logger.LogInformation("Seeding demo data: free places and vouchers");
            await new DemoApplications(Grains, registry, services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NodaTime.IClock>()).SeedVouchersAsync(parents);
            await seed.SetVersionAsync(4);
        }

        if (seeded < 5)
        {
            logger.LogInformation("Seeding demo data: enrollment requests, contracts, signatures and an enrolled child");
            await new DemoApplications(
                Grains, registry, services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NodaTime.IClock>(), services.GetService<TestCertificateAuthority>())
                .SeedEnrollmentsAsync(parents);
            await seed.SetVersionAsync(5);
        }

        Console.WriteLine(Describe());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Describe() =>
        $"""
        Demo accounts (password {DemoPassword}), sign in on the ЛОГИН tab:
          admin                         administrator
          doctor.almaty, operator.almaty    TB doctor and education-department operator of Almaty (also .astana, .shymkent)
          staff.1 … staff.{DemoCatalog.AlmatyKindergartens}            staff of the n-th kindergarten of Almaty
          parent.1 … parent.{ParentLogins.Count}           parents of the registry's demo families
        Registry families without "demo" stay free to register (codes appear at /dev/sms).
        """;

    public static string ParentLogin(int n) => $"parent.{n}";

    private async Task SeedAsync(IReadOnlyList<RegistryPerson> parents)
    {
        foreach (var city in DemoCatalog.Cities)
        {
            await Grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Actor.System, city);
        }

        var lists = Grains.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs);
        foreach (var entry in DemoCatalog.RehabilitationTypes)
        {
            await lists.UpsertRehabilitationTypeAsync(Actor.System, entry);
        }

        foreach (var entry in DemoCatalog.PriorityCategories)
        {
            await lists.UpsertPriorityCategoryAsync(Actor.System, entry);
        }

        await Task.WhenAll(DemoCatalog.Kindergartens().Select(k => Grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(k.Id)).SaveAsync(Actor.System, k)));
        var hash = PasswordHashing.Hash(DemoPassword);
        var staffPeople = StaffPeople();
        var staff = CityStaff
            .Select(s => new StaffAccount(string.Empty, s.Role, s.Login, s.City, null, hash))
            .Concat(Enumerable.Range(1, DemoCatalog.AlmatyKindergartens).Select(n => new StaffAccount(
                string.Empty, Role.KindergartenStaff, DemoCatalog.StaffLogin(n), DemoCatalog.Almaty, DemoCatalog.KindergartenId(DemoCatalog.Almaty, n), hash)))
            .ToList();
        if (staffPeople.Count < staff.Count)
        {
            throw new InvalidOperationException("The registry has too few adults without children for the demo staff.");
        }

        for (var i = 0; i < staff.Count; i++)
        {
            var person = staffPeople[i];
            await Grains.GetGrain<IAccountGrain>(GrainKeys.Account(person.Iin))
                .UpsertStaffAsync(staff[i] with { Iin = person.Iin }, person.FullName, person.Phone ?? string.Empty);
        }

        for (var i = 0; i < parents.Count; i++)
        {
            var person = parents[i];
            var account = Grains.GetGrain<IAccountGrain>(GrainKeys.Account(person.Iin));
            if (await account.GetAsync() is null)
            {
                await Grains.GetGrain<IAccountIndexGrain>(GrainKeys.PhoneIndex(person.Phone!)).ClaimAsync(person.Iin);
                await account.CreateParentAsync(RegistryPersonSnapshot.From(person), person.Phone!, hash, Languages.Default);
            }

            await account.SetLoginAsync(ParentLogin(i + 1));
        }
    }

    /// <summary>The guardians of the registry's demo families who have a phone in БМГ.</summary>
    private IReadOnlyList<RegistryPerson> DemoParents() =>
        [.. registry.Families.Where(f => f.Demo)
            .SelectMany(f => f.Guardians)
            .Distinct()
            .Select(iin => registry.Find(iin)!)
            .Where(p => p.Phone is not null)];

    /// <summary>Adults in no family of the registry: the demo staff take their names from them.</summary>
    private List<RegistryPerson> StaffPeople()
    {
        var inFamilies = registry.Families.SelectMany(f => f.Guardians.Concat(f.Children)).ToHashSet();
        return [.. registry.People
            .Where(p => !inFamilies.Contains(p.Iin) && p.BirthDate < new LocalDate(2006, 1, 1))
            .OrderBy(p => p.Iin, StringComparer.Ordinal)];
    }
}
