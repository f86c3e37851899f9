using Balabaqsha.Domain.Applications;
using NodaTime;

namespace Balabaqsha.Domain.Contracts;

/// <summary>A text the contract states in both of its languages.</summary>
public sealed record ContractText(string Kk, string Ru);

/// <summary>
/// What an enrollment contract states (SPEC §7 «Contract»): the kindergarten and the parent as parties,
/// the child, the group and the voucher it rests on, and the dates. The kindergarten's side is set when
/// it sends the contract; <see cref="ParentEntries"/> is what the parent fills in before signing.
/// </summary>
public sealed record ContractTerms(
    string Number,
    LocalDate Date,
    ContractText City,
    ContractKindergarten Kindergarten,
    ContractParent Parent,
    ContractChild Child,
    ContractGroup Group,
    ContractVoucher Voucher,
    LocalDate? AttendanceStart,
    ContractParentEntries ParentEntries)
{
    /// <summary>The same terms with the parent's entries filled in.</summary>
    public ContractTerms FilledInBy(ContractParentEntries entries) => this with { ParentEntries = entries };

    /// <summary>The first day of attendance: the parent's choice if made, else the kindergarten's proposal.</summary>
    public LocalDate? StartDate => ParentEntries.PreferredStart ?? AttendanceStart;
}

/// <summary>The kindergarten as a party; <see cref="Bin"/> is its business identification number, if known.</summary>
public sealed record ContractKindergarten(
    ContractText Name,
    int Number,
    string Address,
    string? Bin,
    string SignerName);

/// <summary>The parent (legal representative) as a party, as the identity registry knows them.</summary>
public sealed record ContractParent(string FullName, string Iin, string Phone);

public sealed record ContractChild(string FullName, string Iin, LocalDate BirthDate);

/// <summary>
/// The group the child joins. <see cref="Language"/> is a language code (<c>kk</c>, <c>ru</c>);
/// <see cref="RehabilitationType"/> is set for a sanatorium group.
/// </summary>
public sealed record ContractGroup(
    string Name,
    string Language,
    int MinAgeYears,
    int MaxAgeYears,
    QueueType QueueType,
    ContractText? RehabilitationType);

/// <summary>The voucher (направление) the enrollment rests on and the day the parent accepted it.</summary>
public sealed record ContractVoucher(string Id, LocalDate AcceptedOn);

/// <summary>
/// What the parent fills in before signing; a blank stays a line to fill in on the printed form.
/// <see cref="PreferredStart"/> is the parent's own start date when it differs from the one proposed.
/// </summary>
public sealed record ContractParentEntries(string? Address, string? SecondPhone, LocalDate? PreferredStart)
{
    public const int MinAddressLength = 5;

    public const int MaxAddressLength = 200;

    /// <summary>How far after the proposed first day the parent may move it.</summary>
    public const int MaxStartDelayDays = 60;

    public static ContractParentEntries Empty { get; } = new(null, null, null);

    /// <summary>True once the parent gave what the contract cannot go without: the home address.</summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(Address);

    /// <summary>
    /// The entries as the contract states them: the address trimmed (required), the second phone normalized
    /// (optional, a Kazakh mobile number), and the first day (optional) not before the kindergarten's proposal
    /// nor before <paramref name="today"/>, and at most <see cref="MaxStartDelayDays"/> after the proposal.
    /// </summary>
    public static ContractParentEntries Checked(string? address, string? secondPhone, LocalDate? preferredStart, LocalDate? proposedStart, LocalDate today)
    {
        var trimmed = address?.Trim() ?? string.Empty;
        if (trimmed.Length < MinAddressLength || trimmed.Length > MaxAddressLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException("Error.Contract.Address", MinAddressLength, MaxAddressLength);
        }

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(secondPhone))
        {
            phone = Identity.PhoneNumber.TryParse(secondPhone, out var parsed)
                ? parsed.Value
                : throw new DomainException("Error.Contract.SecondPhone");
        }

        if (preferredStart is { } start)
        {
            var earliest = proposedStart is { } proposed && proposed > today ? proposed : today;
            var latest = (proposedStart ?? today).PlusDays(MaxStartDelayDays);
            if (start < earliest || start > latest)
            {
                throw new DomainException("Error.Contract.StartDate", Shown(earliest), Shown(latest));
            }
        }

        return new ContractParentEntries(trimmed, phone, preferredStart);
    }

    // Dates in a message the way every language of the portal writes them.
    private static string Shown(LocalDate date) => date.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
