using System.Globalization;

namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// The culture of the circuit, captured when a component starts. Live changes arrive on an Orleans
/// thread, and a callback passed to InvokeAsync keeps that thread's culture (the invariant one, i.e.
/// the English resources): run it through <see cref="Run"/> so it renders in the reader's language.
/// </summary>
public sealed class CircuitCulture
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public Task Run(Func<Task> work)
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        return work();
    }

    public Task Run(Action work) => Run(() =>
    {
        work();
        return Task.CompletedTask;
    });
}
