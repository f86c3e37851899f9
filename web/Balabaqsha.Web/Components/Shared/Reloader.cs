namespace Balabaqsha.Web.Components.Shared;

/// <summary>
/// Runs a reload, and once more if asked again while it ran: a live change that arrives during a reload
/// is never lost, and overlapping reloads never run at once. Used on the circuit's dispatcher only.
/// </summary>
public sealed class Reloader(Func<Task> reload)
{
    private bool _running;
    private bool _again;

    public async Task RunAsync()
    {
        if (_running)
        {
            _again = true;
            return;
        }

        _running = true;
        try
        {
            do
            {
                _again = false;
                await reload();
            }
            while (_again);
        }
        finally
        {
            _running = false;
        }
    }
}
