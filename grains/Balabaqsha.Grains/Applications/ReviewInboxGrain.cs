using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Grains.Inboxes;
using Microsoft.Extensions.Logging;

namespace Balabaqsha.Grains.Applications;

public sealed class ReviewInboxState : IInboxState<InboxItem>
{
    public List<InboxItem> Items { get; set; } = [];
}

/// <summary>A city's applications waiting for its doctor or operator, oldest first, pushed live to their web servers.</summary>
public sealed class ReviewInboxGrain(
    [PersistentState("review-inbox")] IPersistentState<ReviewInboxState> inbox,
    ILogger<ReviewInboxGrain> logger)
    : LiveInboxGrain<InboxItem, ReviewInboxState>(inbox, logger, i => i.Number, (a, b) => a.SubmittedAt.CompareTo(b.SubmittedAt)),
      IReviewInboxGrain
{
    /// <summary>An application enters the review once; a repeated add changes nothing.</summary>
    public Task AddAsync(InboxItem item) => PutAsync(item, replace: false);
}
