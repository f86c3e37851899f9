using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Time;

namespace Balabaqsha.Grains.Calendar;

public sealed class CalendarGrain(
    [PersistentState("calendar")] IPersistentState<CalendarState> calendar) : Grain, ICalendarGrain
{
    // Reads interleave with a save: they see this field, which changes only once the write succeeded.
    private BusinessCalendar _current = BusinessCalendar.WeekendsOnly;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!calendar.RecordExists)
        {
            calendar.State.Years = [.. BusinessCalendar.KazakhstanSeed().Select(CalendarYearRecord.From)];
            await calendar.WriteStateAsync(cancellationToken);
        }

        _current = new BusinessCalendar(calendar.State.Years.Select(y => y.ToDomain()));
    }

    public Task<IReadOnlyList<CalendarYear>> GetYearsAsync() => Task.FromResult(_current.Years);

    public async Task SaveYearAsync(Actor admin, CalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(year);
        if (admin.Role != Role.Administrator)
        {
            throw new DomainException("Error.Access.Denied");
        }

        var next = _current.WithYear(year);
        var previous = calendar.State.Years;
        calendar.State.Years = [.. next.Years.Select(CalendarYearRecord.From)];
        try
        {
            await calendar.WriteStateAsync();
        }
        catch
        {
            calendar.State.Years = previous;
            throw;
        }

        _current = next;
    }

    public Task<IReadOnlyList<int>> MissingYearsAsync(int fromYear, int count) =>
        Task.FromResult<IReadOnlyList<int>>([.. Enumerable.Range(fromYear, Math.Clamp(count, 0, 100)).Where(y => !_current.HasDataFor(y))]);
}
