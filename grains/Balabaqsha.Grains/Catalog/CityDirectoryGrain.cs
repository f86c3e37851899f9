using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Grains.Catalog;

public sealed class CityDirectoryState
{
    public List<City> Cities { get; set; } = [];
}

public sealed class CityDirectoryGrain(
    [PersistentState("city-directory")] IPersistentState<CityDirectoryState> directory) : Grain, ICityDirectoryGrain
{
    public Task<IReadOnlyList<City>> GetAllAsync() => Task.FromResult<IReadOnlyList<City>>(directory.State.Cities.ToList());

    public async Task UpsertAsync(Actor actor, City city)
    {
        CatalogListsGrain.RequireAdministrator(actor);
        ArgumentNullException.ThrowIfNull(city);
        var index = directory.State.Cities.FindIndex(c => c.Id == city.Id);
        if (index >= 0)
        {
            directory.State.Cities[index] = city;
        }
        else
        {
            directory.State.Cities.Add(city);
        }

        await directory.WriteStateAsync();
    }
}
