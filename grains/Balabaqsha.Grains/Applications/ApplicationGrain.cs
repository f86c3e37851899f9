using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Notifications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Queues;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Grains.Vouchers;
using NodaTime;

namespace Balabaqsha.Grains.Applications;

public sealed class ApplicationState
{
    public VoucherApplication? Application { get; set; }
}

/// <summary>
/// Load, decide through <see cref="VoucherApplication"/>, persist, then bring the queue and the inboxes
/// in line with the new status (idempotently, also on activation) and tell the parent.
/// </summary>
public sealed partial class ApplicationGrain(
    [PersistentState("application")] IPersistentState<ApplicationState> state,
    IPopulationRegistry registry,
    IDeadlineDatabase deadlines,
    IClock clock) : Grain, IApplicationGrain, IRemindable
{
    private VoucherApplication Current => state.State.Application ?? throw new DomainException("Error.Application.NotFound");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between the state write and the queue or inbox update is mended here.
        if (state.State.Application is not null)
        {
            await SyncPlacesAsync();
        }
    }

    public async Task<ApplicationView> CreateAsync(Actor parent, ApplicationForm form, int? priorityRank)
    {
        if (state.State.Application is { } existing)
        {
            return await ViewAsync(existing);
        }

        var child = registry.Find(form.ChildIin) ?? throw new DomainException("Error.Registry.UnknownIin");
        var application = VoucherApplication.Submit(form, this.GetPrimaryKeyString()["app:".Length..], parent, child, priorityRank, clock.GetCurrentInstant());
        state.State.Application = application;
        await state.WriteStateAsync();
        await GrantDocumentsAsync(application);
        await SyncPlacesAsync();
        if (application.Status == ApplicationStatus.InQueue)
        {
            OfferFreePlaces(application);
        }
        await NotifyAsync("Notice.Submitted", application.Number);
        return await ViewAsync(application);
    }

    public Task<ApplicationView> GetAsync(Actor viewer)
    {
        if (state.State.Application is not { } application || !application.IsVisibleTo(viewer))
        {
            throw new DomainException("Error.Access.Denied");
        }

        return ViewAsync(application);
    }

    public async Task<ApplicationView> ConfirmAsync(Actor doctor)
    {
        await SaveAsync(Current.Confirm(doctor, clock.GetCurrentInstant()));
        var view = await ViewAsync(Current);
        await NotifyAsync("Notice.Confirmed", (view.Place?.Place ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return view;
    }

    public async Task<ApplicationView> RejectAsync(Actor doctor, string reason)
    {
        await SaveAsync(Current.Reject(doctor, reason, clock.GetCurrentInstant()));
        await NotifyAsync("Notice.Rejected", doctor.FullName);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> WithdrawAsync(Actor parent)
    {
        await SaveAsync(Current.Withdraw(parent, clock.GetCurrentInstant()));
        await NotifyAsync("Notice.Withdrawn", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> DecidePriorityAsync(Actor operatorActor, bool confirm, string? reason)
    {
        await SaveAsync(Current.DecidePriority(operatorActor, confirm, reason, clock.GetCurrentInstant()));
        if (confirm)
        {
            await NotifyAsync("Notice.PriorityConfirmed", Current.Number);
        }
        else
        {
            await NotifyAsync("Notice.PriorityRejected", Current.Number, Current.Priority!.Reason ?? string.Empty);
        }

        return await ViewAsync(Current);
    }

    private async Task SaveAsync(VoucherApplication next)
    {
        var before = state.State.Application;
        state.State.Application = next;
        await state.WriteStateAsync();
        await SyncPlacesAsync();
        if (before?.Status != ApplicationStatus.InQueue && next.Status == ApplicationStatus.InQueue)
        {
            OfferFreePlaces(next);
        }
        if (before is not null)
        {
            await SyncVoucherAsync(before, next);
        }

        await ScheduleAsync(next);
        if (!next.IsActive)
        {
            await GrainFactory.GetGrain<IParentGrain>(ApplicationKeys.Parent(next.ParentIin)).ApplicationEndedAsync(next.Number);
        }
    }

    /// <summary>Puts the application in, or takes it out of, its queue and the review inboxes, as its status says.</summary>
    private async Task SyncPlacesAsync()
    {
        var application = Current;
        var queue = Queue(application);
        if (application.Status == ApplicationStatus.InQueue)
        {
            await queue.EnterAsync(Entry(application), EnterReason(application));
            await queue.MoveAsync(application.Number, ConfirmedCategory(application), MoveReason(application));
        }
        else
        {
            await queue.LeaveAsync(application.Number, LeaveReason(application));
        }

        var doctorInbox = GrainFactory.GetGrain<IReviewInboxGrain>(ApplicationKeys.DoctorInbox(application.CityId));
        if (application.Status == ApplicationStatus.AwaitingDocuments)
        {
            await doctorInbox.AddAsync(Item(application, application.ConclusionDocument!));
        }
        else if (application.QueueType == QueueType.Sanatorium)
        {
            await doctorInbox.RemoveAsync(application.Number);
        }

        if (application.Priority is { } claim)
        {
            var operatorInbox = GrainFactory.GetGrain<IReviewInboxGrain>(ApplicationKeys.OperatorInbox(application.CityId));
            if (claim.Status == PriorityClaimStatus.Pending && application.IsActive)
            {
                await operatorInbox.AddAsync(Item(application, claim.ProofDocument));
            }
            else
            {
                await operatorInbox.RemoveAsync(application.Number);
            }
        }
    }

    public async Task<PublicPlace?> GetPublicAsync()
    {
        if (state.State.Application is not { } application)
        {
            return null;
        }

        var place = application.Status == ApplicationStatus.InQueue ? await Queue(application).GetPlaceAsync(application.Number) : null;
        return new PublicPlace(application.Number, application.CityId, application.QueueType, application.RehabilitationTypeId, application.Status, application.ChildBirthDate.Year, place);
    }

    public Task<IReadOnlyList<PlaceHistoryLine>> GetPlaceHistoryAsync(Actor viewer, int limit)
    {
        if (state.State.Application is not { } application || !application.IsVisibleTo(viewer))
        {
            throw new DomainException("Error.Access.Denied");
        }

        return application.Status == ApplicationStatus.InQueue
            ? Queue(application).GetHistoryAsync(application.Number, Math.Clamp(limit, 1, 200))
            : Task.FromResult<IReadOnlyList<PlaceHistoryLine>>([]);
    }

    // A free place waiting in the application's pool goes to the queue's first eligible application now.
    private void OfferFreePlaces(VoucherApplication application) =>
        GrainFactory.GetGrain<Abstractions.Vouchers.IVoucherPoolGrain>(Abstractions.Vouchers.VoucherPoolKeys.For(
            application.CityId, application.QueueType, application.RehabilitationTypeId, application.Language, application.ChildBirthDate.Year))
            .OfferFreePlacesAsync().Ignore();

    private async Task GrantDocumentsAsync(VoucherApplication application)
    {
        if (application.ConclusionDocument is { } conclusion)
        {
            await GrainFactory.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(conclusion))
                .GrantAsync(new DocumentGrant(DocumentPurpose.Conclusion, application.ParentIin, application.CityId, application.Number));
        }

        if (application.Priority is { } claim)
        {
            await GrainFactory.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(claim.ProofDocument))
                .GrantAsync(new DocumentGrant(DocumentPurpose.PriorityProof, application.ParentIin, application.CityId, application.Number));
        }
    }

    private async Task<ApplicationView> ViewAsync(VoucherApplication application)
    {
        var place = application.Status == ApplicationStatus.InQueue ? await Queue(application).GetPlaceAsync(application.Number) : null;
        return ApplicationView.From(application, place, await DeadlineViewAsync(application));
    }

    private Task NotifyAsync(string key, params string[] arguments) =>
        GrainFactory.GetGrain<INotificationGrain>(NotificationKeys.Inbox(Current.ParentIin)).NotifyAsync(Current.ParentIin, key, arguments, Current.Number);

    private IQueueGrain Queue(VoucherApplication application) =>
        GrainFactory.GetGrain<IQueueGrain>(QueueKeys.For(application.CityId, application.QueueType, application.RehabilitationTypeId));

    private static QueueEntry Entry(VoucherApplication application) =>
        new(application.Number, application.EffectiveRank, application.SubmittedAt, application.ChildBirthDate.Year, ConfirmedCategory(application), application.Language);

    private static string? ConfirmedCategory(VoucherApplication application) =>
        application.Priority is { Status: PriorityClaimStatus.Confirmed } claim ? claim.CategoryId : null;

    private static QueueChangeReason EnterReason(VoucherApplication application) =>
        application.History.Count > 0 && application.History[^1].EventKey == "History.ReturnedFromStopList" ? QueueChangeReason.ReturnedFromStopList
        : application.QueueType == QueueType.Sanatorium ? QueueChangeReason.DocumentsConfirmed
        : QueueChangeReason.Submitted;

    private static QueueChangeReason MoveReason(VoucherApplication application) =>
        ConfirmedCategory(application) is null ? QueueChangeReason.PriorityWithdrawn : QueueChangeReason.PriorityConfirmed;

    private static QueueChangeReason LeaveReason(VoucherApplication application) => application.Status switch
    {
        ApplicationStatus.VoucherOffered => QueueChangeReason.VoucherOffered,
        ApplicationStatus.StopList => QueueChangeReason.StopList,
        ApplicationStatus.Archived when application.ArchiveReason == ArchiveReason.Withdrawn => QueueChangeReason.Withdrawn,
        _ => QueueChangeReason.Archived,
    };

    private static InboxItem Item(VoucherApplication application, string document) => new(
        application.Number, application.SubmittedAt, application.ChildName, application.ChildBirthDate,
        application.RehabilitationTypeId, application.Priority?.CategoryId, document);
}
