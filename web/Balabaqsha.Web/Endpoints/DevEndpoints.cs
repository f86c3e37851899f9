using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Dev;
using Balabaqsha.Web.Services;
using NodaTime;

namespace Balabaqsha.Web.Endpoints;

/// <summary>The development controls' HTTP side (SPEC §11); mapped only when they are on.</summary>
public static class DevEndpoints
{
    public static IEndpointRouteBuilder MapDevEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/clock/advance", AdvanceAsync).DisableAntiforgery();
        app.MapGet("/dev/clock/now", (DevClockService clock) => Results.Ok(new ClockState(clock.Now, clock.Offset)));
        app.MapGet("/dev/sms/latest", LatestSmsAsync);
        app.MapDevKeyEndpoints();
        return app;
    }

    private static async Task<IResult> AdvanceAsync(AdvanceRequest request, DevClockService clock)
    {
        var by = request switch
        {
            { Hours: > 0 and <= 24 * 400, Days: null, BusinessDays: null, To: null } => Duration.FromHours(request.Hours.Value),
            { Days: > 0 and <= 400, Hours: null, BusinessDays: null, To: null } => Duration.FromDays(request.Days.Value),
            { BusinessDays: > 0 and <= 100, Hours: null, Days: null, To: null } => await clock.ToBusinessDaysAheadAsync(request.BusinessDays.Value),
            { To: { } to, Hours: null, Days: null, BusinessDays: null } when DateTimeOffset.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var moment)
                && Instant.FromDateTimeOffset(moment) - clock.Now is { } ahead && ahead > Duration.Zero && ahead <= Duration.FromDays(400) => ahead,
            _ => (Duration?)null,
        };
        if (by is null)
        {
            return Results.Problem(
                "Give exactly one of hours, days or businessDays as a positive number, or to as a later moment (ISO 8601 with offset).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var now = await clock.AdvanceAsync(by.Value);
        return Results.Ok(new ClockState(now, clock.Offset));
    }

    private static async Task<IResult> LatestSmsAsync(string? phone, IGrainFactory grains)
    {
        var latest = await grains.GetGrain<ISmsOutboxGrain>(GrainKeys.SmsOutbox).LatestAsync(100);
        return Results.Ok(phone is null ? latest : latest.Where(m => m.Phone == phone).ToList());
    }

    public sealed record AdvanceRequest(int? Hours, int? Days, int? BusinessDays, string? To = null);

    public sealed record ClockState(Instant Now, Duration Offset);
}
