using Balabaqsha.Domain.Applications;
using NodaTime;

namespace Balabaqsha.Domain.Queues;

/// <summary>What a change did to the queue. Stored by number in the change log: never renumber.</summary>
public enum QueueChangeKind
{
    Entered = 0,
    Left = 1,
    Moved = 2,
}

/// <summary>Why a queue changed; the card explains each shift of place with it. Stored by number in the change log: never renumber.</summary>
public enum QueueChangeReason
{
    /// <summary>A general application was submitted.</summary>
    Submitted = 0,

    /// <summary>The doctor confirmed a sanatorium application: it entered at the place its submission time gives it.</summary>
    DocumentsConfirmed = 1,

    /// <summary>An application came back from the stop list to its original place.</summary>
    ReturnedFromStopList = 2,

    /// <summary>An application received a voucher.</summary>
    VoucherOffered = 3,

    /// <summary>The parent withdrew the application.</summary>
    Withdrawn = 4,

    /// <summary>The parent did not answer a voucher offer in time.</summary>
    StopList = 5,

    /// <summary>The application ended in the archive for another reason.</summary>
    Archived = 6,

    /// <summary>The operator confirmed a priority claim.</summary>
    PriorityConfirmed = 7,

    /// <summary>A priority no longer counts (withdrawn or rejected).</summary>
    PriorityWithdrawn = 8,

    /// <summary>The administrator changed the rank of a priority category: the queue was re-sorted.</summary>
    CategoryRankChanged = 9,
}

/// <summary>
/// One record of a queue's append-only change log. <see cref="Before"/> is the entry before the change
/// (null when it entered), <see cref="After"/> the entry after it (null when it left); the places are
/// those of the changed entry itself (0 where it was not in the queue).
/// </summary>
public sealed record QueueChange(
    long Sequence,
    Instant At,
    QueueChangeKind Kind,
    QueueChangeReason Reason,
    QueueEntry? Before,
    QueueEntry? After,
    int PlaceBefore,
    int PlaceAfter,
    int BirthYearPlaceBefore,
    int BirthYearPlaceAfter)
{
    /// <summary>The application number the change is about.</summary>
    public string Number => (After ?? Before)!.Number;

    /// <summary>The birth year of the changed entry.</summary>
    public int BirthYear => (After ?? Before)!.BirthYear;

    public static QueueChange Entered(long sequence, Instant at, QueueChangeReason reason, QueueEntry entry, int place, int birthYearPlace) =>
        new(sequence, at, QueueChangeKind.Entered, reason, null, entry, 0, place, 0, birthYearPlace);

    public static QueueChange Left(long sequence, Instant at, QueueChangeReason reason, QueueEntry entry, int place, int birthYearPlace) =>
        new(sequence, at, QueueChangeKind.Left, reason, entry, null, place, 0, birthYearPlace, 0);

    public static QueueChange Moved(
        long sequence, Instant at, QueueChangeReason reason, QueueEntry before, QueueEntry after,
        int placeBefore, int placeAfter, int birthYearPlaceBefore, int birthYearPlaceAfter) =>
        new(sequence, at, QueueChangeKind.Moved, reason, before, after, placeBefore, placeAfter, birthYearPlaceBefore, birthYearPlaceAfter);
}
