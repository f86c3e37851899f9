using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace Balabaqsha.Web.Components.Layout;

public sealed partial class PortalHeader : IDisposable
{
    private IReadOnlyList<City> _cities = [];

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalPreferences Preferences { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<PortalHeader> Logger { get; set; } = default!;

    private string CurrentCityName =>
        _cities.FirstOrDefault(c => c.Id == Preferences.CityId)?.Name.In(Preferences.Language)
        ?? _cities.FirstOrDefault()?.Name.In(Preferences.Language)
        ?? string.Empty;

    // The page to come back to after a switch; the switch endpoints accept local paths only.
    private string ReturnPath => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        try
        {
            _cities = await Grains.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The header must render even while the silo is still starting.
            Logger.LogWarning(ex, "The city directory could not be read");
        }
    }

    private string CityLink(string cityId) =>
        $"/city/set?city={Uri.EscapeDataString(cityId)}&redirectUri={Uri.EscapeDataString(ReturnPath)}";

    private string CultureLink(string language) =>
        $"/culture/set?culture={language}&redirectUri={Uri.EscapeDataString(ReturnPath)}";

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => InvokeAsync(StateHasChanged);

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}
