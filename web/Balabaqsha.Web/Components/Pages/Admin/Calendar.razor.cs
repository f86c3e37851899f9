using System.Globalization;
using Balabaqsha.Abstractions.Calendar;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Time;
using Balabaqsha.Web.Components.Shared;
using Balabaqsha.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using NodaTime;
using NodaTime.Text;

namespace Balabaqsha.Web.Components.Pages.Admin;

/// <summary>
/// The administrator's business calendar (SPEC §6): per year, the weekdays off and the weekend days
/// worked by transfer. Days are checked as they are added; a year is saved as a whole.
/// </summary>
public sealed partial class Calendar
{
    // The current year and the next ones are always offered, so the coming year can be filled in early.
    private const int YearsAhead = 2;

    private IReadOnlyList<CalendarYear> _stored = [];
    private IReadOnlyList<int> _missing = [];
    private List<CalendarDay> _draft = [];
    private FormFeedback _load = default!;
    private FormFeedback _form = default!;
    private Actor _actor = default!;
    private int _currentYear;
    private int _year;
    private bool _dirty;
    private string? _saved;
    private string? _newDate;
    private string? _newKind = nameof(CalendarDayKind.DayOff);
    private string? _newReason;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private ILogger<Calendar> Logger { get; set; } = default!;

    private ICalendarGrain Grain => Grains.GetGrain<ICalendarGrain>(CalendarKeys.Kazakhstan);

    private bool HasData => _stored.Any(y => y.Year == _year);

    private int BusinessDays => BusinessCalendar.WeekendsOnly.WithYear(new CalendarYear(_year, _draft)).BusinessDaysIn(_year);

    private IReadOnlyList<SelectOption> YearOptions =>
    [
        .. Enumerable.Range(_currentYear, YearsAhead + 1)
            .Union(_stored.Select(y => y.Year))
            .Order()
            .Select(y => new SelectOption(
                y.ToString(CultureInfo.InvariantCulture),
                _stored.Any(s => s.Year == y) ? y.ToString(CultureInfo.InvariantCulture) : L["Calendar.YearOptionMissing", y])),
    ];

    private IReadOnlyList<SelectOption> KindOptions =>
    [
        new(nameof(CalendarDayKind.DayOff), L[$"Calendar.Kind.{CalendarDayKind.DayOff}"]),
        new(nameof(CalendarDayKind.WorkingDay), L[$"Calendar.Kind.{CalendarDayKind.WorkingDay}"]),
    ];

    protected override async Task OnInitializedAsync()
    {
        _load = new FormFeedback(L, Logger);
        _form = new FormFeedback(L, Logger);
        _actor = Actors.ActorFrom((await AuthenticationState).User);
        _currentYear = Clock.AlmatyNow().Year;
        _year = _currentYear;
        await _load.RunAsync(LoadAsync);
    }

    private async Task LoadAsync()
    {
        _stored = await Grain.GetYearsAsync();
        _missing = await Grain.MissingYearsAsync(_currentYear, 2);
        ResetDraft();
    }

    private void ResetDraft()
    {
        _draft = [.. _stored.FirstOrDefault(y => y.Year == _year)?.Days ?? []];
        _dirty = false;
    }

    private void SelectYear(string? value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return;
        }

        // Switching years drops the unsaved changes of the previous one.
        _year = year;
        _saved = null;
        _form.Clear();
        _newDate = null;
        ResetDraft();
    }

    private void AddDay()
    {
        _saved = null;
        _form.Clear();
        var parsed = LocalDatePattern.Iso.Parse(_newDate?.Trim() ?? string.Empty);
        if (!parsed.Success)
        {
            _form.Fail("Error.Calendar.DateInvalid");
            return;
        }

        if (!Enum.TryParse<CalendarDayKind>(_newKind, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            _form.Fail("Error.Calendar.KindInvalid", Display.Date(parsed.Value));
            return;
        }

        try
        {
            // The same check the grain makes on saving: an invalid day never enters the list.
            var candidate = new CalendarYear(_year, [.. _draft, new CalendarDay(parsed.Value, kind, _newReason ?? string.Empty)]).Validated();
            _draft = [.. candidate.Days];
        }
        catch (DomainException ex)
        {
            _form.Fail(ex.MessageKey, [.. ex.Arguments]);
            return;
        }

        _dirty = true;
        _newDate = null;
        _newReason = null;
    }

    private void RemoveDay(CalendarDay day)
    {
        _saved = null;
        _form.Clear();
        _draft.Remove(day);
        _dirty = true;
    }

    private void Discard()
    {
        _saved = null;
        _form.Clear();
        ResetDraft();
    }

    private async Task SaveAsync()
    {
        _saved = null;
        var year = _year;
        var saved = await _form.RunAsync(async () =>
        {
            await Grain.SaveYearAsync(_actor, new CalendarYear(year, [.. _draft]));
            await LoadAsync();
        });
        if (saved)
        {
            _saved = L["Calendar.Saved", year];
        }
    }

    private static string Weekday(LocalDate date) =>
        date.ToDateTimeUnspecified().ToString("dddd", CultureInfo.CurrentCulture);

    private static string DateValue(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
