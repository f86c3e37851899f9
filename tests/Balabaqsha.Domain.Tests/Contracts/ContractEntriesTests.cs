using Balabaqsha.Domain.Contracts;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Contracts;

/// <summary>The parent's part of the contract and the documents attached to it (SPEC §7 «Contract»).</summary>
public sealed class ContractEntriesTests
{
    private static readonly LocalDate Today = new(2026, 11, 25);
    private static readonly LocalDate Proposed = new(2026, 12, 2);

    [Fact]
    public void Checked_TrimsTheAddress_NormalizesThePhone_KeepsTheStart()
    {
        var entries = ContractParentEntries.Checked("  Алматы, ул. Абая, 10  ", "8 (701) 978-98-56", Proposed.PlusDays(5), Proposed, Today);

        Assert.Equal(new ContractParentEntries("Алматы, ул. Абая, 10", "+77019789856", Proposed.PlusDays(5)), entries);
        Assert.True(entries.IsComplete);
    }

    [Fact]
    public void Checked_OnlyTheAddress_PhoneAndStartStayBlank()
    {
        var entries = ContractParentEntries.Checked("Астана, пр. Республики, 1", "  ", null, Proposed, Today);

        Assert.Equal(new ContractParentEntries("Астана, пр. Республики, 1", null, null), entries);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ул.1")]
    [InlineData("Алматы,\nул. Абая")]
    public void Checked_NoUsableAddress_Refused(string? address)
    {
        var refused = Assert.Throws<DomainException>(() => ContractParentEntries.Checked(address, null, null, Proposed, Today));

        Assert.Equal("Error.Contract.Address", refused.MessageKey);
        Assert.Equal([ContractParentEntries.MinAddressLength, ContractParentEntries.MaxAddressLength], refused.Arguments);
    }

    [Fact]
    public void Checked_AddressOverTheLimit_Refused() =>
        Assert.Equal("Error.Contract.Address", Assert.Throws<DomainException>(() =>
            ContractParentEntries.Checked(new string('а', ContractParentEntries.MaxAddressLength + 1), null, null, Proposed, Today)).MessageKey);

    [Theory]
    [InlineData("+7 727 250 00 00")] // a city landline
    [InlineData("12345")]
    [InlineData("+7 701 978 98 5x")]
    public void Checked_SecondPhoneNotAKazakhMobile_Refused(string phone) =>
        Assert.Equal("Error.Contract.SecondPhone", Assert.Throws<DomainException>(() =>
            ContractParentEntries.Checked("Алматы, ул. Абая, 10", phone, null, Proposed, Today)).MessageKey);

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(ContractParentEntries.MaxStartDelayDays, true)]
    [InlineData(ContractParentEntries.MaxStartDelayDays + 1, false)]
    public void Checked_StartFromTheProposalToSixtyDaysAfter(int shift, bool accepted)
    {
        var start = Proposed.PlusDays(shift);

        if (accepted)
        {
            Assert.Equal(start, ContractParentEntries.Checked("Алматы, ул. Абая, 10", null, start, Proposed, Today).PreferredStart);
        }
        else
        {
            var refused = Assert.Throws<DomainException>(() => ContractParentEntries.Checked("Алматы, ул. Абая, 10", null, start, Proposed, Today));
            Assert.Equal("Error.Contract.StartDate", refused.MessageKey);
            Assert.Equal(["02.12.2026", "31.01.2027"], refused.Arguments);
        }
    }

    [Fact]
    public void Checked_AProposalAlreadyPast_TheStartIsNotBeforeToday()
    {
        var refused = Assert.Throws<DomainException>(() =>
            ContractParentEntries.Checked("Алматы, ул. Абая, 10", null, Today.PlusDays(-1), Today.PlusDays(-3), Today));

        Assert.Equal("25.11.2026", refused.Arguments[0]);
    }

    [Fact]
    public void Empty_IsNotComplete() => Assert.False(ContractParentEntries.Empty.IsComplete);

    [Fact]
    public void Check_AllRequiredWithPmpk_Accepted()
    {
        var attachments = ContractDocuments.All.Select((kind, i) => $"{kind}:{i:x64}").ToList();

        var checkedOnes = ContractDocuments.Check(attachments);

        Assert.Equal(ContractDocuments.All, checkedOnes.Select(a => a.Kind));
        Assert.Equal($"{0:x64}", checkedOnes[0].Sha256);
    }

    [Fact]
    public void Check_PmpkIsOptional() =>
        Assert.Equal(5, ContractDocuments.Check([.. ContractDocuments.Required.Select(k => $"{k}:ab")]).Count);

    [Theory]
    [InlineData("027u")]
    [InlineData("065u")]
    [InlineData("parent-id")]
    public void Check_ARequiredKindMissing_NamesIt(string missing)
    {
        var refused = Assert.Throws<DomainException>(() => ContractDocuments.Check([.. ContractDocuments.Required.Where(k => k != missing).Select(k => $"{k}:ab")]));

        Assert.Equal(("Error.Enrollment.MissingDocument", missing), (refused.MessageKey, (string)refused.Arguments[0]));
    }

    [Theory]
    [InlineData("passport:ab")] // a kind the contract does not ask for
    [InlineData("027u:cd")] // the same kind twice
    [InlineData("pmpk")] // no hash
    [InlineData("pmpk:")]
    public void Check_UnknownRepeatedOrUnhashedAttachment_Refused(string extra) =>
        Assert.Equal("Error.Enrollment.UnknownDocument", Assert.Throws<DomainException>(() =>
            ContractDocuments.Check([.. ContractDocuments.Required.Select(k => $"{k}:ab"), extra])).MessageKey);
}
