using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using NodaTime;

namespace Balabaqsha.Domain.Tests.Applications;

public sealed class VoucherApplicationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 5, 0);
    private static readonly RegistryPerson Child = new("200706670634", "Касымова", "Айару", "Нурлановна", Sex.Female, new LocalDate(2020, 7, 6), null);
    private static readonly Actor Parent = new("981114434343", Role.Parent, "Касымова Жанна", null, null);
    private static readonly Actor Doctor = new("111", Role.Doctor, "Врач Алматы", "almaty", null);
    private static readonly Actor OtherCityDoctor = new("222", Role.Doctor, "Врач Астаны", "astana", null);
    private static readonly Actor Operator = new("333", Role.Operator, "Оператор Алматы", "almaty", null);

    private static ApplicationForm Sanatorium(string? priority = null) =>
        new(QueueType.Sanatorium, Child.Iin, "rehab-tb-contact", "abc", "almaty", "almaty-003", "kk", priority, priority is null ? null : "proof", true);

    private static ApplicationForm General() =>
        new(QueueType.General, Child.Iin, null, null, "almaty", null, "ru", null, null, true);

    private static VoucherApplication Submit(ApplicationForm form, int? rank = null) =>
        VoucherApplication.Submit(form, "ALM-000001", Parent, Child, rank, Now);

    [Fact]
    public void Submit_Sanatorium_AwaitsDocumentsWithAHistoryLine()
    {
        var application = Submit(Sanatorium());

        Assert.Equal(ApplicationStatus.AwaitingDocuments, application.Status);
        var line = Assert.Single(application.History);
        Assert.Equal(("History.Submitted", Parent.FullName), (line.EventKey, line.ActorName));
    }

    [Fact]
    public void Submit_General_GoesStraightIntoTheQueueWithoutRehabilitationType()
    {
        var application = Submit(General() with { RehabilitationTypeId = "rehab-tb-contact", ConclusionDocument = "x" });

        Assert.Equal(ApplicationStatus.InQueue, application.Status);
        Assert.Null(application.RehabilitationTypeId);
        Assert.Null(application.ConclusionDocument);
    }

    [Theory]
    [InlineData("consent", "Error.Application.ConsentRequired")]
    [InlineData("language", "Error.Application.Language")]
    [InlineData("rehab", "Error.Application.RehabilitationTypeRequired")]
    [InlineData("conclusion", "Error.Application.ConclusionRequired")]
    [InlineData("proof", "Error.Application.PriorityProofRequired")]
    [InlineData("unknown-priority", "Error.Application.UnknownPriority")]
    public void Submit_IncompleteForm_RefusedWithItsReason(string problem, string key)
    {
        var form = problem switch
        {
            "consent" => Sanatorium() with { Consent = false },
            "language" => Sanatorium() with { Language = "en" },
            "rehab" => Sanatorium() with { RehabilitationTypeId = null },
            "conclusion" => Sanatorium() with { ConclusionDocument = "" },
            "proof" => Sanatorium("priority-orphans") with { PriorityProofDocument = null },
            _ => Sanatorium("priority-unknown"),
        };

        var error = Assert.Throws<DomainException>(() => Submit(form, problem == "proof" ? 2 : null));

        Assert.Equal(key, error.MessageKey);
    }

    [Fact]
    public void Confirm_DoctorOfTheCity_EntersTheQueue()
    {
        var confirmed = Submit(Sanatorium()).Confirm(Doctor, Now.Plus(Duration.FromHours(1)));

        Assert.Equal(ApplicationStatus.InQueue, confirmed.Status);
        Assert.Equal("History.Confirmed", confirmed.History[^1].EventKey);
        Assert.Equal(Doctor.FullName, confirmed.History[^1].ActorName);
    }

    [Fact]
    public void Confirm_Twice_SecondDecisionRefused()
    {
        var confirmed = Submit(Sanatorium()).Confirm(Doctor, Now);

        Assert.Equal("Error.Application.AlreadyDecided", Assert.Throws<DomainException>(() => confirmed.Reject(Doctor, "late", Now)).MessageKey);
        Assert.Equal("Error.Application.AlreadyDecided", Assert.Throws<DomainException>(() => confirmed.Confirm(Doctor, Now)).MessageKey);
    }

    [Theory]
    [InlineData("other-city")]
    [InlineData("operator")]
    [InlineData("parent")]
    public void Confirm_NotTheDoctorOfTheCity_AccessDenied(string who)
    {
        var actor = who switch { "other-city" => OtherCityDoctor, "operator" => Operator, _ => Parent };

        var error = Assert.Throws<DomainException>(() => Submit(Sanatorium()).Confirm(actor, Now));

        Assert.Equal("Error.Access.Denied", error.MessageKey);
    }

    [Fact]
    public void Confirm_GeneralApplication_AccessDenied()
    {
        Assert.Equal("Error.Access.Denied", Assert.Throws<DomainException>(() => Submit(General()).Confirm(Doctor, Now)).MessageKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Reject_WithoutReason_Refused(string? reason)
    {
        var error = Assert.Throws<DomainException>(() => Submit(Sanatorium()).Reject(Doctor, reason, Now));

        Assert.Equal("Error.Application.ReasonRequired", error.MessageKey);
    }

    [Fact]
    public void Reject_WithReason_ArchivedAsRejectedWithTheReasonInHistory()
    {
        var rejected = Submit(Sanatorium()).Reject(Doctor, "  заключение нечитаемо ", Now);

        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.Rejected), (rejected.Status, rejected.ArchiveReason));
        Assert.Equal("заключение нечитаемо", rejected.History[^1].Reason);
        Assert.False(rejected.IsActive);
    }

    [Fact]
    public void Withdraw_Owner_ArchivedAsWithdrawn()
    {
        var withdrawn = Submit(General()).Withdraw(Parent, Now);

        Assert.Equal(ArchiveReason.Withdrawn, withdrawn.ArchiveReason);
        Assert.Equal("Error.Application.CannotWithdraw", Assert.Throws<DomainException>(() => withdrawn.Withdraw(Parent, Now)).MessageKey);
    }

    [Fact]
    public void Withdraw_SomeoneElse_AccessDenied()
    {
        var stranger = Parent with { Iin = "990105474223" };

        Assert.Equal("Error.Access.Denied", Assert.Throws<DomainException>(() => Submit(General()).Withdraw(stranger, Now)).MessageKey);
    }

    [Fact]
    public void DecidePriority_OperatorConfirms_RankCountsOnlyThen()
    {
        var application = Submit(Sanatorium("priority-orphans"), rank: 2);
        Assert.Equal(VoucherApplication.NoPriorityRank, application.EffectiveRank);

        var confirmed = application.DecidePriority(Operator, true, null, Now);

        Assert.Equal(2, confirmed.EffectiveRank);
        Assert.Equal("Error.Priority.AlreadyDecided", Assert.Throws<DomainException>(() => confirmed.DecidePriority(Operator, false, "no", Now)).MessageKey);
    }

    [Fact]
    public void DecidePriority_RejectedWithoutReason_Refused()
    {
        var application = Submit(Sanatorium("priority-orphans"), rank: 2);

        Assert.Equal("Error.Application.ReasonRequired", Assert.Throws<DomainException>(() => application.DecidePriority(Operator, false, "", Now)).MessageKey);
        Assert.Equal("Error.Access.Denied", Assert.Throws<DomainException>(() => application.DecidePriority(Doctor, true, null, Now)).MessageKey);
    }

    [Fact]
    public void IsVisibleTo_OnlyParentDoctorOfCityAndOperatorForClaims()
    {
        var sanatorium = Submit(Sanatorium());
        var withClaim = Submit(General() with { PriorityCategoryId = "p", PriorityProofDocument = "d" }, rank: 2);

        Assert.True(sanatorium.IsVisibleTo(Parent));
        Assert.True(sanatorium.IsVisibleTo(Doctor));
        Assert.False(sanatorium.IsVisibleTo(OtherCityDoctor));
        Assert.False(sanatorium.IsVisibleTo(Operator));
        Assert.True(withClaim.IsVisibleTo(Operator));
        Assert.False(withClaim.IsVisibleTo(Doctor));
        Assert.False(withClaim.IsVisibleTo(Parent with { Iin = "990105474223" }));
    }

    [Theory]
    [InlineData(Role.KindergartenStaff)]
    [InlineData(Role.Doctor)]
    [InlineData(Role.Operator)]
    [InlineData(Role.Administrator)]
    public void IsVisibleTo_StaffAccountWithTheParentsIin_NotThroughTheParentBranch(Role role)
    {
        // A general application of the same city without a claim or a request: of these, only its parent may see it.
        var general = Submit(General());
        var sameIin = new Actor(Parent.Iin, role, Parent.FullName, "almaty", role == Role.KindergartenStaff ? "almaty-001" : null);

        Assert.True(general.IsVisibleTo(Parent));
        Assert.False(general.IsVisibleTo(sameIin));
    }

    [Fact]
    public void QueueEntry_Order_RankThenTimeThenNumber()
    {
        var early = new QueueEntry("B", 1000, Now, 2021);
        var late = new QueueEntry("A", 1000, Now.Plus(Duration.FromSeconds(1)), 2021);
        var priority = new QueueEntry("C", 2, Now.Plus(Duration.FromDays(9)), 2021);
        var sameTime = new QueueEntry("A", 1000, Now, 2021);

        var sorted = new[] { late, early, priority, sameTime }.Order().Select(e => e.Number + e.SubmittedAt.ToUnixTimeSeconds()).ToList();

        Assert.Equal(new[] { priority, sameTime, early, late }.Select(e => e.Number + e.SubmittedAt.ToUnixTimeSeconds()), sorted);
    }
}
