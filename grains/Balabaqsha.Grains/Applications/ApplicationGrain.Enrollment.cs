using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Domain.Signatures;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Calendar;
using Balabaqsha.Grains.Contracts;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Balabaqsha.Grains.Applications;

/// <summary>
/// The enrollment part of an application: a request holds a place of a group in the voucher's pool (one
/// pool activation decides, so a place is never held twice), the kindergarten declines or sends the
/// generated contract, both sides sign it (CAdES, checked here), and the child is enrolled.
/// </summary>
public sealed partial class ApplicationGrain
{
    public async Task<ApplicationView> RequestPlaceAsync(Actor parent, string kindergartenId, string groupId)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var next = Current.RequestPlace(parent, kindergartenId, groupId, now);
        var pool = GrainFactory.GetGrain<IVoucherPoolGrain>(Current.Voucher!.PoolKey);
        if (!await pool.HoldAsync(Current.Voucher.Id, kindergartenId, groupId))
        {
            throw new DomainException("Error.Enrollment.NoFreePlace");
        }

        await SaveAsync(next);
        await PutInInboxAsync(Current);
        await NotifyAsync("Notice.PlaceRequested", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> DeclineRequestAsync(Actor staff, string reason)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var kindergartenId = Current.Request?.KindergartenId;
        await SaveAsync(Current.DeclineRequest(staff, reason, now));
        await GrainFactory.GetGrain<IVoucherPoolGrain>(Current.Voucher!.PoolKey).ReleaseHoldAsync(Current.Voucher.Id);
        await GrainFactory.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(kindergartenId!)).RemoveAsync(Current.Number);
        await NotifyAsync("Notice.RequestDeclined", Current.Number, Current.History[^1].Reason ?? string.Empty);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> SendContractAsync(Actor staff)
    {
        var now = clock.GetCurrentInstant();
        if (!Current.IsStaffOfRequest(staff))
        {
            throw new DomainException("Error.Access.Denied");
        }

        var terms = await TermsAsync(Current, staff, now);
        var sha = await Documents.SaveAsync(ContractPdf.Render(terms));
        await SaveAsync(Current.SendContract(staff, sha, terms, now));
        await PutInInboxAsync(Current);
        await NotifyAsync("Notice.ContractSent", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task<byte[]?> GetContractAsync(Actor viewer)
    {
        if (state.State.Application is not { } application || !application.IsVisibleTo(viewer))
        {
            throw new DomainException("Error.Access.Denied");
        }

        return application.Request?.ContractDocument is { } sha ? (await Documents.ReadAsync(sha))?.Content : null;
    }

    public async Task<ApplicationView> FillInContractAsync(Actor parent, string? address, string? secondPhone, LocalDate? preferredStart)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var terms = Current.Request?.Terms ?? throw new DomainException("Error.Enrollment.NoContract");
        var entries = ContractParentEntries.Checked(address, secondPhone, preferredStart, terms.AttendanceStart, now.InZone(PortalClock.Almaty).Date);

        // Checked before rendering, so a stranger's call stores no document; the domain checks again with the stored one.
        Current.FillInContract(parent, entries, string.Empty, now);
        var sha = await Documents.SaveAsync(ContractPdf.Render(terms.FilledInBy(entries)));
        await SaveAsync(Current.FillInContract(parent, entries, sha, now));
        return await ViewAsync(Current);
    }

    public async Task<SignedContract?> GetSignedContractAsync(Actor viewer)
    {
        if (await GetContractAsync(viewer) is not { } pdf)
        {
            return null;
        }

        var request = Current.Request!;
        return new SignedContract(pdf, Decode(request.ParentSignature), Decode(request.StaffSignature));

        static byte[]? Decode(string? signature) => signature is null ? null : Convert.FromBase64String(signature);
    }

    public async Task<ApplicationView> SignByParentAsync(Actor parent, byte[] signature, IReadOnlyList<string> documents)
    {
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);

        // Each attachment is a document the parent uploaded (stored and granted to them).
        var attachments = ContractDocuments.Check(documents);
        foreach (var (_, sha) in attachments)
        {
            if (!await GrainFactory.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha)).IsOwnedByAsync(parent.Iin))
            {
                throw new DomainException("Error.Enrollment.UnknownDocument");
            }
        }

        var contract = await GetContractAsync(parent) ?? throw new DomainException("Error.Enrollment.NoContract");
        var signed = Current.SignByParent(parent, Convert.ToBase64String(signature), documents, now);
        Verify(contract, signature, Current.ParentIin, now, Current.Request!.ContractSentAt);

        // The kindergarten reads what was attached to its contract, and nothing else of the parent's.
        var kindergartenId = signed.Request!.KindergartenId;
        foreach (var (_, sha) in attachments)
        {
            await GrainFactory.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha)).GrantAsync(
                new DocumentGrant(DocumentPurpose.ContractDocument, signed.ParentIin, signed.CityId, signed.Number, kindergartenId));
        }

        await SaveAsync(signed);
        await PutInInboxAsync(Current);
        await NotifyAsync("Notice.ContractSignedByParent", Current.Number);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> SignByStaffAsync(Actor staff, byte[] signature)
    {
        var now = clock.GetCurrentInstant();
        if (!Current.IsStaffOfRequest(staff))
        {
            throw new DomainException("Error.Access.Denied");
        }

        var contract = await GetContractAsync(staff) ?? throw new DomainException("Error.Enrollment.NoContract");
        Verify(contract, signature, staff.Iin, now, Current.Request!.ContractSentAt);
        var enrolled = Current.SignByStaff(staff, Convert.ToBase64String(signature), now);
        await SaveAsync(enrolled);
        await GrainFactory.GetGrain<IVoucherPoolGrain>(enrolled.Voucher!.PoolKey).EnrollAsync(enrolled.Voucher.Id);
        await GrainFactory.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(enrolled.EnrolledKindergartenId!)).RemoveAsync(enrolled.Number);
        await Parent(enrolled).ReleaseVoucherAsync(enrolled.ChildIin, enrolled.Number);
        await GrainFactory.GetGrain<IParentGrain>(ApplicationKeys.Parent(enrolled.ParentIin)).ChildEnrolledAsync(enrolled.ChildIin, enrolled.Number);
        await NotifyAsync("Notice.Enrolled", enrolled.Number);
        return await ViewAsync(Current);
    }

    public async Task<ApplicationView> CancelOverdueAsync(Actor operatorActor)
    {
        var calendar = await CalendarClient.LoadAsync(GrainFactory);
        var now = clock.GetCurrentInstant();
        await EnforceDueAsync(now);
        var request = Current.Request ?? throw new DomainException("Error.Enrollment.NothingToCancel");

        // Overdue is the kindergarten's delay: a request it has not answered, or a contract the parent signed that it has not.
        var waitingSince = request.ParentSignedAt ?? request.RequestedAt;
        var overdue = now >= calendar.DeadlineAfter(waitingSince, 2);
        var twoMore = calendar.DeadlineAfter(now, 2);
        var deadline = Current.Voucher?.SignedByParentAt is null && Current.Voucher?.EnrollmentDeadline is { } running && running > twoMore ? running : twoMore;
        var kindergartenId = request.KindergartenId;
        await SaveAsync(Current.CancelOverdue(operatorActor, overdue, now, deadline, ReminderBefore(calendar, deadline, now)));
        await GrainFactory.GetGrain<IVoucherPoolGrain>(Current.Voucher!.PoolKey).ReleaseHoldAsync(Current.Voucher.Id);
        await GrainFactory.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(kindergartenId)).RemoveAsync(Current.Number);
        await NotifyAsync("Notice.RequestCancelled", Current.Number, Display(calendar, deadline));
        return await ViewAsync(Current);
    }

    public async Task ArchiveEnrolledElsewhereAsync()
    {
        if (state.State.Application is not { IsActive: true } application)
        {
            return;
        }

        var kindergartenId = application.Request?.KindergartenId;
        await SaveAsync(application.ArchiveEnrolledElsewhere(clock.GetCurrentInstant()));
        if (kindergartenId is not null)
        {
            await GrainFactory.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(kindergartenId)).RemoveAsync(application.Number);
        }

        await NotifyAsync("Notice.EnrolledElsewhere", application.Number);
    }

    private IDocumentStore Documents => ServiceProvider.GetRequiredService<IDocumentStore>();

    private void Verify(byte[] contract, byte[] signature, string signerIin, Instant now, Instant? contractSentAt)
    {
        var verifier = ServiceProvider.GetService<ContractSignatureVerifier>() ?? throw new DomainException("Error.Signature.Untrusted");
        var check = verifier.Verify(contract, signature, signerIin, now);
        if (!check.IsValid)
        {
            throw new DomainException(check.MessageKey!);
        }

        // CAdES-BES carries no time-stamp: a signing time before the contract existed is back-dated.
        if (contractSentAt is { } sent && check.Signer!.SigningTime < sent - verifier.ClockSkew)
        {
            throw new DomainException("Error.Signature.Invalid");
        }
    }

    /// <summary>The kindergarten's inbox follows the request: what waits for its staff, and since when.</summary>
    private async Task PutInInboxAsync(VoucherApplication application)
    {
        if (application.Request is not { } request)
        {
            return;
        }

        var waitingSince = request.ParentSignedAt ?? request.ContractSentAt ?? request.RequestedAt;
        await GrainFactory.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(request.KindergartenId)).PutAsync(new EnrollmentItem(
            application.Number, application.ChildName, application.ChildBirthDate, request.GroupId, application.Status,
            request.RequestedAt, request.ContractSentAt, request.ParentSignedAt, waitingSince, request.Documents));
    }

    private async Task<ContractTerms> TermsAsync(VoucherApplication application, Actor staff, Instant now)
    {
        var request = application.Request!;
        var profile = await GrainFactory.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(request.KindergartenId)).GetAsync()
            ?? throw new DomainException("Error.Places.UnknownKindergarten");
        var group = profile.Groups.FirstOrDefault(g => g.Id == request.GroupId) ?? throw new DomainException("Error.Places.UnknownGroup");
        var cities = await GrainFactory.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).GetAllAsync();
        var city = cities.FirstOrDefault(c => c.Id == profile.CityId)?.Name;
        var rehabilitation = group.RehabilitationTypeId is null
            ? null
            : (await GrainFactory.GetGrain<ICatalogListsGrain>(GrainKeys.Catalogs).GetRehabilitationTypesAsync()).FirstOrDefault(r => r.Id == group.RehabilitationTypeId)?.Name;
        var parent = registry.Find(application.ParentIin);
        var child = registry.Find(application.ChildIin);
        var today = now.InZone(PortalClock.Almaty).Date;
        return new ContractTerms(
            application.Number + "-Д",
            today,
            new ContractText(city?.Kk ?? profile.CityId, city?.Ru ?? profile.CityId),
            new ContractKindergarten(new ContractText(profile.Name.Kk, profile.Name.Ru), profile.Number, profile.Address, null, staff.FullName),
            new ContractParent(parent?.FullName ?? string.Empty, application.ParentIin, parent?.Phone ?? string.Empty),
            new ContractChild(application.ChildName, application.ChildIin, child?.BirthDate ?? application.ChildBirthDate),
            new ContractGroup(group.Name, group.Language, group.MinAgeYears, group.MaxAgeYears, group.QueueType,
                rehabilitation is null ? null : new ContractText(rehabilitation.Kk, rehabilitation.Ru)),
            new ContractVoucher(application.Voucher!.Id, (application.Voucher.AcceptedAt ?? now).InZone(PortalClock.Almaty).Date),
            today.PlusDays(7),
            ContractParentEntries.Empty);
    }
}
