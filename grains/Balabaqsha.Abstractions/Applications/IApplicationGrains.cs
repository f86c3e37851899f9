using Orleans.Concurrency;
using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Abstractions.Applications;

/// <summary>A parent's children and applications (<see cref="ApplicationKeys.Parent"/>).</summary>
[Alias("Balabaqsha.IParentGrain")]
public interface IParentGrain : IGrainWithStringKey
{
    /// <summary>The children the parent added.</summary>
    Task<IReadOnlyList<ChildCard>> GetChildrenAsync(Actor parent);

    /// <summary>«Проверить ИИН»: the registry data of a child the parent may add; throws why not.</summary>
    Task<ChildCard> CheckChildAsync(Actor parent, string childIin);

    /// <summary>«Сохранить»: adds the child; throws why not.</summary>
    Task<ChildCard> AddChildAsync(Actor parent, string childIin);

    /// <summary>The parent's applications, newest first.</summary>
    Task<IReadOnlyList<ApplicationView>> GetApplicationsAsync(Actor parent);

    /// <summary>«Отправить»: submits an application; returns its number.</summary>
    Task<string> SubmitApplicationAsync(Actor parent, ApplicationForm form);

    /// <summary>Called by an application when it ends, so the child may apply to that queue type again.</summary>
    [AlwaysInterleave]
    Task ApplicationEndedAsync(string number);

    /// <summary>
    /// An application of a child is offered a voucher: true when no other application of that child holds
    /// one (the child then holds it through <paramref name="number"/>).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> TryHoldVoucherAsync(string childIin, string number);

    /// <summary>A child was enrolled through <paramref name="number"/>: the child's other active applications end.</summary>
    [AlwaysInterleave]
    Task ChildEnrolledAsync(string childIin, string number);

    /// <summary>The application no longer holds a voucher for the child.</summary>
    [AlwaysInterleave]
    Task ReleaseVoucherAsync(string childIin, string number);
}

/// <summary>One application (<see cref="ApplicationKeys.Application"/>).</summary>
[Alias("Balabaqsha.IApplicationGrain")]
public interface IApplicationGrain : IGrainWithStringKey
{
    /// <summary>Creates the application (the parent grain does, once per number).</summary>
    Task<ApplicationView> CreateAsync(Actor parent, ApplicationForm form, int? priorityRank);

    /// <summary>The card, for whom may see it; throws Error.Access.Denied otherwise.</summary>
    Task<ApplicationView> GetAsync(Actor viewer);

    /// <summary>The doctor confirms the conclusion: the application enters its queue.</summary>
    Task<ApplicationView> ConfirmAsync(Actor doctor);

    /// <summary>The doctor rejects the conclusion with a reason.</summary>
    Task<ApplicationView> RejectAsync(Actor doctor, string reason);

    /// <summary>The parent withdraws the application.</summary>
    Task<ApplicationView> WithdrawAsync(Actor parent);

    /// <summary>The operator confirms or rejects the priority claim.</summary>
    Task<ApplicationView> DecidePriorityAsync(Actor operatorActor, bool confirm, string? reason);

    /// <summary>What anyone may see by the public number: the queue and the place, no personal data; null when there is no such application.</summary>
    Task<Queues.PublicPlace?> GetPublicAsync();

    /// <summary>How the application's place changed, newest first; for whom may see the card.</summary>
    Task<IReadOnlyList<Domain.Queues.PlaceHistoryLine>> GetPlaceHistoryAsync(Actor viewer, int limit);

    /// <summary>A pool offers a voucher; false when the application cannot take it (not waiting, or the child holds another).</summary>
    Task<bool> OfferVoucherAsync(string voucherId, string poolKey);

    /// <summary>True while the application holds this voucher (offered, accepted, enrolling or enrolled through it).</summary>
    [AlwaysInterleave]
    Task<bool> HoldsVoucherAsync(string voucherId);

    /// <summary>«Выбрать» → «Да».</summary>
    Task<ApplicationView> AcceptVoucherAsync(Actor parent);

    /// <summary>«Выбрать» → «Нет», or a refusal later before enrollment: annulled and archived.</summary>
    Task<ApplicationView> RefuseVoucherAsync(Actor parent);

    /// <summary>On the last (5th) business day: the enrollment deadline once +2 business days.</summary>
    Task<ApplicationView> ExtendAsync(Actor parent);

    /// <summary>Back from the stop list to the original place, once, within 28 days.</summary>
    Task<ApplicationView> ReturnFromStopListAsync(Actor parent);

    /// <summary>The system looks at the application: a passed deadline takes effect, a due reminder is sent. Idempotent.</summary>
    Task EnforceAsync();

    /// <summary>«Зачислиться» → the group → «Подтвердить»: a place of the group is held; «Ожидайте договор от ДО».</summary>
    Task<ApplicationView> RequestPlaceAsync(Actor parent, string kindergartenId, string groupId);

    /// <summary>The kindergarten declines with a reason; the hold is freed, the parent chooses again.</summary>
    Task<ApplicationView> DeclineRequestAsync(Actor staff, string reason);

    /// <summary>The kindergarten accepts: the contract PDF is generated and sent to the parent.</summary>
    Task<ApplicationView> SendContractAsync(Actor staff);

    /// <summary>The contract PDF, for whom may see the application; null when none was sent.</summary>
    Task<byte[]?> GetContractAsync(Actor viewer);

    /// <summary>
    /// The parent fills in their part of the contract (home address, a second phone, the first day if not the
    /// proposed one): the contract is rendered again with them, and that is the contract to sign.
    /// </summary>
    Task<ApplicationView> FillInContractAsync(Actor parent, string? address, string? secondPhone, NodaTime.LocalDate? preferredStart);

    /// <summary>The contract with the signatures made so far, for whom may see the application; null when none was sent.</summary>
    Task<SignedContract?> GetSignedContractAsync(Actor viewer);

    /// <summary>The parent attaches the documents ("kind:sha256") and signs and sends the contract (a detached CAdES signature).</summary>
    Task<ApplicationView> SignByParentAsync(Actor parent, byte[] signature, IReadOnlyList<string> documents);

    /// <summary>The kindergarten signs: the child is enrolled, the place taken, the voucher redeemed.</summary>
    Task<ApplicationView> SignByStaffAsync(Actor staff, byte[] signature);

    /// <summary>The operator cancels a request or contract the kindergarten left unanswered for 2 business days.</summary>
    Task<ApplicationView> CancelOverdueAsync(Actor operatorActor);

    /// <summary>The child was enrolled through another application.</summary>
    Task ArchiveEnrolledElsewhereAsync();
}

/// <summary>A contract and its detached CAdES signatures (each null until made).</summary>
[GenerateSerializer, Immutable, Alias("Balabaqsha.SignedContract")]
public sealed record SignedContract(
    [property: Id(0)] byte[] Pdf,
    [property: Id(1)] byte[]? ParentSignature,
    [property: Id(2)] byte[]? KindergartenSignature);

/// <summary>
/// A review inbox of a city: the doctor's sanatorium applications or the operator's priority claims
/// (<see cref="ApplicationKeys.DoctorInbox"/>, <see cref="ApplicationKeys.OperatorInbox"/>), oldest first, live.
/// </summary>
[Alias("Balabaqsha.IReviewInboxGrain")]
public interface IReviewInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds an item waiting for a decision.</summary>
    Task AddAsync(InboxItem item);

    /// <summary>Removes an item once decided or withdrawn.</summary>
    Task RemoveAsync(string number);

    /// <summary>The items waiting, oldest first.</summary>
    Task<IReadOnlyList<InboxItem>> GetAsync();

    /// <summary>Subscribes a web server's observer; renew within the expiry.</summary>
    Task SubscribeAsync(IInboxObserver observer);

    /// <summary>Unsubscribes an observer.</summary>
    Task UnsubscribeAsync(IInboxObserver observer);
}

/// <summary>Told when an inbox changes.</summary>
[Alias("Balabaqsha.IInboxObserver")]
public interface IInboxObserver : IGrainObserver
{
    /// <summary>The inbox changed; read it again.</summary>
    [OneWay]
    Task OnInboxChangedAsync(string inboxKey);
}

/// <summary>Hands out application numbers (<see cref="ApplicationKeys.Numbers"/>).</summary>
[Alias("Balabaqsha.INumberGrain")]
public interface INumberGrain : IGrainWithStringKey
{
    /// <summary>The next number, never the same twice.</summary>
    Task<long> NextAsync();
}

public static class ApplicationKeys
{
    public const string Numbers = "numbers:applications";

    public static string Parent(string iin) => $"parent:{GrainKeys.Pseudonym(iin)}";

    public static string Application(string number) => $"app:{number}";

    public static string DoctorInbox(string cityId) => $"inbox:doctor:{cityId}";

    public static string OperatorInbox(string cityId) => $"inbox:operator:{cityId}";

    /// <summary>The public number: the city's letters and a counter, e.g. ALA-000123.</summary>
    public static string FormatNumber(string cityId, long sequence) =>
        $"{(cityId.Length >= 3 ? cityId[..3] : cityId).ToUpperInvariant()}-{sequence:D6}";
}
