using Balabaqsha.Domain.Applications;
using NodaTime;

namespace Balabaqsha.Domain.Queues;

/// <summary>
/// One line of an application's place history: what happened, how it moved the place (a positive delta
/// is a later place, a negative one an earlier place) and the place after it. Nothing in it names a person:
/// the other application is described only by its priority category and whether it was submitted earlier.
/// </summary>
public sealed record PlaceHistoryLine(
    Instant At,
    QueueChangeKind Kind,
    QueueChangeReason Reason,
    bool Own,
    int Delta,
    int BirthYearDelta,
    int Place,
    int BirthYearPlace,
    string? CategoryId,
    bool SubmittedEarlier,
    int Count);

/// <summary>A place as a watcher keeps it: the entry, its places and the queue's size.</summary>
public sealed record TrackedPlace(QueueEntry Entry, int Place, int BirthYearPlace, int Total);

/// <summary>How the changes of a queue move the place of one application.</summary>
public static class PlaceHistory
{
    /// <summary>
    /// The shift of <paramref name="own"/>'s places caused by another application's change: +1 when an
    /// entry now stands ahead that did not, −1 when one ahead left or moved behind.
    /// </summary>
    public static (int Delta, int BirthYearDelta) ShiftOf(QueueEntry own, QueueChange change)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(change);
        var before = change.Before is { } b && b.IsAheadOf(own) ? 1 : 0;
        var after = change.After is { } a && a.IsAheadOf(own) ? 1 : 0;
        var delta = after - before;
        var sameYear = change.BirthYear == own.BirthYear ? delta : 0;
        return (delta, sameYear);
    }

    /// <summary>
    /// The place after a change, for a watcher that keeps a place up to date without asking the queue;
    /// null when the change took the application out of the queue.
    /// </summary>
    public static TrackedPlace? Apply(TrackedPlace tracked, QueueChange change)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        ArgumentNullException.ThrowIfNull(change);
        var total = tracked.Total + change.Kind switch
        {
            QueueChangeKind.Entered => 1,
            QueueChangeKind.Left => -1,
            _ => 0,
        };
        if (change.Number == tracked.Entry.Number)
        {
            return change.After is { } entry
                ? new TrackedPlace(entry, change.PlaceAfter, change.BirthYearPlaceAfter, total)
                : null;
        }

        var (delta, yearDelta) = ShiftOf(tracked.Entry, change);
        return tracked with { Place = tracked.Place + delta, BirthYearPlace = tracked.BirthYearPlace + yearDelta, Total = total };
    }

    /// <summary>
    /// The history line a watcher shows for one change it applied (<see cref="Apply"/>): null when the
    /// change did not move the place or took the application out of the queue.
    /// </summary>
    public static PlaceHistoryLine? LineFor(TrackedPlace before, QueueChange change, TrackedPlace? after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(change);
        if (after is null)
        {
            return null;
        }

        if (change.Number == before.Entry.Number)
        {
            return change.Kind == QueueChangeKind.Moved
                ? new PlaceHistoryLine(change.At, change.Kind, change.Reason, true, after.Place - before.Place, after.BirthYearPlace - before.BirthYearPlace,
                    after.Place, after.BirthYearPlace, change.After!.CategoryId, false, 1)
                : null;
        }

        var (delta, yearDelta) = ShiftOf(before.Entry, change);
        if (delta == 0 && yearDelta == 0)
        {
            return null;
        }

        var mover = change.After ?? change.Before!;
        return new PlaceHistoryLine(
            change.At, change.Kind, change.Reason, false, delta, yearDelta, after.Place, after.BirthYearPlace,
            mover.CategoryId ?? change.Before?.CategoryId, mover.SubmittedAt < before.Entry.SubmittedAt, 1);
    }

    /// <summary>
    /// Explains how an application got to its current place, newest first: walks the queue's change log
    /// back from now until the application entered, keeping the lines that moved it (at most
    /// <paramref name="limit"/>). Consecutive moves of one re-sort (same time, same reason) become one line.
    /// </summary>
    /// <param name="current">The application's entry now.</param>
    /// <param name="place">Its place now.</param>
    /// <param name="birthYearPlace">Its birth-year place now.</param>
    /// <param name="newestFirst">The queue's changes, newest first.</param>
    /// <param name="limit">The most lines to return.</param>
    public static IReadOnlyList<PlaceHistoryLine> Explain(
        QueueEntry current, int place, int birthYearPlace, IEnumerable<QueueChange> newestFirst, int limit)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(newestFirst);
        var lines = new List<PlaceHistoryLine>();
        var own = current;
        foreach (var change in newestFirst)
        {
            if (change.Number == own.Number)
            {
                if (change.Kind == QueueChangeKind.Moved)
                {
                    Add(lines, new PlaceHistoryLine(
                        change.At, change.Kind, change.Reason, true, change.PlaceAfter - change.PlaceBefore,
                        change.BirthYearPlaceAfter - change.BirthYearPlaceBefore, place, birthYearPlace,
                        change.After!.CategoryId, false, 1));
                    place = change.PlaceBefore;
                    birthYearPlace = change.BirthYearPlaceBefore;
                    own = change.Before!;
                    continue;
                }

                if (change.Kind == QueueChangeKind.Entered)
                {
                    Add(lines, new PlaceHistoryLine(
                        change.At, change.Kind, change.Reason, true, 0, 0, place, birthYearPlace,
                        change.After!.CategoryId, false, 1));
                }

                break;
            }

            var (delta, yearDelta) = ShiftOf(own, change);
            if (delta == 0 && yearDelta == 0)
            {
                continue;
            }

            var mover = change.After ?? change.Before!;
            Add(lines, new PlaceHistoryLine(
                change.At, change.Kind, change.Reason, false, delta, yearDelta, place, birthYearPlace,
                mover.CategoryId ?? change.Before?.CategoryId, mover.SubmittedAt < own.SubmittedAt, 1));
            place -= delta;
            birthYearPlace -= yearDelta;
            if (lines.Count > limit)
            {
                break;
            }
        }

        if (lines.Count > limit)
        {
            lines.RemoveRange(limit, lines.Count - limit);
        }

        return lines;
    }

    // A re-sort moves many entries at one moment: its lines merge into one.
    private static void Add(List<PlaceHistoryLine> lines, PlaceHistoryLine line)
    {
        if (lines.Count > 0
            && line.Reason == QueueChangeReason.CategoryRankChanged
            && lines[^1] is { Reason: QueueChangeReason.CategoryRankChanged, Own: false } last
            && !line.Own
            && last.At == line.At
            && last.CategoryId == line.CategoryId)
        {
            lines[^1] = last with
            {
                Delta = last.Delta + line.Delta,
                BirthYearDelta = last.BirthYearDelta + line.BirthYearDelta,
                Count = last.Count + 1,
                SubmittedEarlier = last.SubmittedEarlier && line.SubmittedEarlier,
            };
            return;
        }

        lines.Add(line);
    }
}
