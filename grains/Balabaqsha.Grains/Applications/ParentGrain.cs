using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Children;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using NodaTime;

namespace Balabaqsha.Grains.Applications;

/// <summary>One application of the parent, as the parent grain tracks it.</summary>
public sealed record ParentApplication(string Number, string ChildIin, QueueType QueueType, bool Active);

public sealed class ParentState
{
    public List<ChildCard> Children { get; set; } = [];

    public List<ParentApplication> Applications { get; set; } = [];

    /// <summary>The application through which each child holds a voucher now (child IIN → number).</summary>
    public Dictionary<string, string> VoucherHolders { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ParentGrain(
    [PersistentState("parent")] IPersistentState<ParentState> parent,
    IPopulationRegistry registry,
    IClock clock) : Grain, IParentGrain
{

    // Some calls interleave (voucher holds, endings): writes of the state still go one at a time.
    private readonly SemaphoreSlim _writing = new(1, 1);

    private async Task SaveAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await parent.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private LocalDate Today => clock.GetCurrentInstant().InZone(PortalClock.Almaty).Date;

    public Task<IReadOnlyList<ChildCard>> GetChildrenAsync(Actor parentActor)
    {
        Owner(parentActor);
        return Task.FromResult<IReadOnlyList<ChildCard>>(parent.State.Children.ToList());
    }

    public Task<ChildCard> CheckChildAsync(Actor parentActor, string childIin) => Task.FromResult(Card(Check(Owner(parentActor), childIin)));

    public async Task<ChildCard> AddChildAsync(Actor parentActor, string childIin)
    {
        var card = Card(Check(Owner(parentActor), childIin));
        parent.State.Children.Add(card);
        await SaveAsync();
        return card;
    }

    public async Task<bool> TryHoldVoucherAsync(string childIin, string number)
    {
        // Checked and set in one turn, before any await: two offers for one child cannot both pass.
        if (parent.State.VoucherHolders.TryGetValue(childIin, out var holder))
        {
            return holder == number;
        }

        parent.State.VoucherHolders[childIin] = number;
        await SaveAsync();
        return true;
    }

    public async Task ChildEnrolledAsync(string childIin, string number)
    {
        var others = parent.State.Applications.Where(a => a.ChildIin == childIin && a.Number != number && a.Active).Select(a => a.Number).ToList();
        foreach (var other in others)
        {
            await Application(other).ArchiveEnrolledElsewhereAsync();
        }
    }

    public async Task ReleaseVoucherAsync(string childIin, string number)
    {
        if (parent.State.VoucherHolders.TryGetValue(childIin, out var holder) && holder == number)
        {
            parent.State.VoucherHolders.Remove(childIin);
            await SaveAsync();
        }
    }

    public async Task<IReadOnlyList<ApplicationView>> GetApplicationsAsync(Actor parentActor)
    {
        var owner = new Actor(Owner(parentActor), Domain.Identity.Role.Parent, string.Empty, null, null);
        var views = await Task.WhenAll(parent.State.Applications.Select(a => Application(a.Number).GetAsync(owner)));
        return [.. views.OrderByDescending(v => v.SubmittedAt)];
    }

    public async Task<string> SubmitApplicationAsync(Actor parentActor, ApplicationForm form)
    {
        var iin = Owner(parentActor);

        if (parent.State.Children.All(c => c.Iin != form.ChildIin))
        {
            throw new DomainException("Error.Application.ChildNotAdded");
        }

        if (parent.State.Applications.Any(a => a.Active && a.ChildIin == form.ChildIin && a.QueueType == form.QueueType))
        {
            throw new DomainException("Error.Application.AlreadyActive");
        }

        var cities = await GrainFactory.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        if (cities.All(c => c.Id != form.CityId))
        {
            throw new DomainException("Error.Application.UnknownCity");
        }

        foreach (var document in new[] { form.ConclusionDocument, form.PriorityProofDocument })
        {
            if (!string.IsNullOrEmpty(document) && !await GrainFactory.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(document)).IsOwnedByAsync(iin))
            {
                throw new DomainException("Error.Document.NotYours");
            }
        }

        int? rank = null;
        if (!string.IsNullOrEmpty(form.PriorityCategoryId))
        {
            var categories = await GrainFactory.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetPriorityCategoriesAsync();
            rank = categories.FirstOrDefault(c => c.Id == form.PriorityCategoryId && c.Active)?.Rank;
        }

        var sequence = await GrainFactory.GetGrain<INumberGrain>(ApplicationKeys.Numbers).NextAsync();
        var number = ApplicationKeys.FormatNumber(form.CityId, sequence);
        await Application(number).CreateAsync(parentActor, form, rank);
        parent.State.Applications.Add(new ParentApplication(number, form.ChildIin, form.QueueType, true));
        await SaveAsync();
        return number;
    }

    public async Task ApplicationEndedAsync(string number)
    {
        var index = parent.State.Applications.FindIndex(a => a.Number == number);
        if (index >= 0 && parent.State.Applications[index].Active)
        {
            parent.State.Applications[index] = parent.State.Applications[index] with { Active = false };
            await SaveAsync();
        }
    }

    private RegistryPerson Check(string parentIin, string childIin) =>
        ChildRules.Check(parentIin, childIin, registry, Today, [.. parent.State.Children.Select(c => c.Iin)]);

    /// <summary>The grain key is a pseudonym of the parent's IIN: only that parent gets through.</summary>
    private string Owner(Actor actor) =>
        actor.Role == Domain.Identity.Role.Parent && ApplicationKeys.Parent(actor.Iin) == this.GetPrimaryKeyString()
            ? actor.Iin
            : throw new DomainException("Error.Access.Denied");

    private static ChildCard Card(RegistryPerson child) => new(child.Iin, child.Surname, child.Name, child.Patronymic, child.Sex, child.BirthDate);

    private IApplicationGrain Application(string number) => GrainFactory.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));
}
