using NodaTime;

namespace Balabaqsha.Grains.Vouchers;

/// <summary>
/// The deadline index: one row per application that has a deadline (or a reminder) ahead, with the next
/// instant it is due. A change writes one row. The sweeper reads the due rows at start, after the
/// development clock moves, and every few seconds, so a deadline that passed while no silo ran, or that
/// the moved clock made due, takes effect at once; Orleans reminders do the same in real time.
/// </summary>
public interface IDeadlineDatabase
{
    /// <summary>Sets the next due instant of an application, or removes it (null).</summary>
    Task SetAsync(string number, Instant? dueAt, CancellationToken cancellationToken = default);

    /// <summary>Applications due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(Instant now, int limit, CancellationToken cancellationToken = default);
}
