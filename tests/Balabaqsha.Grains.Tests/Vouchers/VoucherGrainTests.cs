using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Enrollment;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Notifications;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Tests.Infrastructure;
using Balabaqsha.Grains.Vouchers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Storage;

namespace Balabaqsha.Grains.Tests.Vouchers;

/// <summary>
/// Free places, vouchers and their deadlines through the grains, on the fixture's fake clock. The
/// registry's demo families (not used by the other grain tests) apply in a locality of each test's own.
/// </summary>
[Collection(PortalClusterCollection.Name)]
public sealed class VoucherGrainTests(PortalClusterFixture fixture)
{
    private static readonly JsonPopulationRegistry Registry = JsonPopulationRegistry.BuiltIn();
    private static readonly List<(RegistryPerson Parent, RegistryPerson Child)> Families = [.. Registry.Families
        .Where(f => f.Demo)
        .Select(f => (Parent: Registry.Find(f.Guardians[0])!, Child: f.Children.Select(c => Registry.Find(c)!).FirstOrDefault(c => c.BirthDate.Year is >= 2021 and <= 2024)))
        .Where(f => f.Child is not null && f.Parent.Phone is not null)
        .Select(f => (f.Parent, f.Child!))];

    private static int _nextFamily = -1;

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task FreePlace_HeadGetsAVoucher_NoAnswer_StopList_PlaceGoesToTheNext()
    {
        var place = await NewLocalityAsync();
        var first = await ApplyAsync(place);
        var second = await ApplyAsync(place, first.Child.BirthDate.Year);
        var pool = Pool(place, first.Child.BirthDate.Year);

        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);

        var offered = await EventuallyAsync(first, ApplicationStatus.VoucherOffered);
        Assert.Equal(ApplicationStatus.InQueue, (await App(second).GetAsync(Actor(second.Parent))).Status);
        Assert.Equal(DeadlineKind.Answer, offered.Deadline!.Kind);
        // Two business days after the day of the offer, as the guide says.
        Assert.Equal(2, offered.Deadline.BusinessDaysLeft);
        Assert.Contains(await Notices(first.Parent).GetAsync(20), n => n.Key == "Notice.VoucherOffered");

        fixture.Time.Advance(offered.Deadline.At - fixture.Time.GetCurrentInstant() + Duration.FromMinutes(1));
        await App(first).EnforceAsync();
        await App(first).EnforceAsync();

        var stopped = await App(first).GetAsync(Actor(first.Parent));
        Assert.Equal(ApplicationStatus.StopList, stopped.Status);
        Assert.True(stopped.Deadline!.CanReturnFromStopList);
        await EventuallyAsync(second, ApplicationStatus.VoucherOffered);
        var view = await pool.GetAsync();
        Assert.Equal((1, 1, 1, 2), (view.Published, view.Outstanding, view.Annulled, view.Offered));
    }

    [Fact]
    public async Task Accept_ExtendOnTheLastDay_NotEnrolledInTime_Archived_PlaceFreed()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        var pool = Pool(place, family.Child.BirthDate.Year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        await EventuallyAsync(family, ApplicationStatus.VoucherOffered);

        var accepted = await App(family).AcceptVoucherAsync(Actor(family.Parent));
        Assert.Equal((ApplicationStatus.ChoosingKindergarten, DeadlineKind.Enrollment), (accepted.Status, accepted.Deadline!.Kind));
        Assert.False(accepted.Deadline.CanExtend);
        var tooEarly = await Assert.ThrowsAsync<DomainException>(() => App(family).ExtendAsync(Actor(family.Parent)));
        Assert.Equal("Error.Voucher.ExtendOnLastDay", tooEarly.MessageKey);

        // To 10:00 Almaty of the deadline's last day.
        MoveTo(accepted.Deadline.LastDay.At(new LocalTime(10, 0)));
        var lastDay = await App(family).GetAsync(Actor(family.Parent));
        Assert.True(lastDay.Deadline!.CanExtend);
        var extended = await App(family).ExtendAsync(Actor(family.Parent));
        Assert.True(extended.Voucher!.Extended);
        Assert.True(extended.Deadline!.At > accepted.Deadline.At);

        fixture.Time.Advance(extended.Deadline.At - fixture.Time.GetCurrentInstant());
        await App(family).EnforceAsync();

        var expired = await App(family).GetAsync(Actor(family.Parent));
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.VoucherExpired), (expired.Status, expired.ArchiveReason));
        var view = await pool.GetAsync();
        Assert.Equal((0, 1, 1), (view.Outstanding, view.Accepted, view.Annulled));
    }

    [Fact]
    public async Task Restart_DeadlinePassedWhileStopped_EnforcedAtStart()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        await Pool(place, family.Child.BirthDate.Year).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        var offered = await EventuallyAsync(family, ApplicationStatus.VoucherOffered);

        // No one looks at the application: the sweeper at start does.
        await fixture.RestartAsync(() => fixture.Time.Advance(offered.Deadline!.At - fixture.Time.GetCurrentInstant() + Duration.FromHours(1)));

        var stopped = await EventuallyAsync(family, ApplicationStatus.StopList, attempts: 500);
        Assert.Equal(ApplicationStatus.StopList, stopped.Status);
    }

    [Fact]
    public async Task FreePlaceWaiting_AnApplicationThatEntersLater_GetsItAtOnce()
    {
        var place = await NewLocalityAsync();
        var family = Families.GroupBy(f => f.Child.BirthDate.Year).OrderByDescending(g => g.Count()).First().Key;
        var pool = Pool(place, family);
        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);

        var late = await ApplyAsync(place, family);

        await EventuallyAsync(late, ApplicationStatus.VoucherOffered);
        Assert.Equal(1, (await pool.GetAsync()).Outstanding);
    }

    [Fact]
    public async Task Publish_AGroupsPlacesOverAllBirthYears_NeverAboveItsCapacity()
    {
        var place = await NewLocalityAsync();
        var year = fixture.Time.GetCurrentInstant().InZone(PortalClock.Almaty).Year;

        await Pool(place, year - 3).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 40);
        var over = await Assert.ThrowsAsync<DomainException>(() => Pool(place, year - 4).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 11));
        await Pool(place, year - 4).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 10);

        Assert.Equal("Error.Places.OverCapacity", over.MessageKey);
        Assert.Equal(10, (await Pool(place, year - 4).GetAsync()).Published);
    }

    [Fact]
    public async Task LastBusinessDay_At9_TheParentIsReminded_Once()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        await Pool(place, family.Child.BirthDate.Year).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        var offered = await EventuallyAsync(family, ApplicationStatus.VoucherOffered);

        MoveTo(offered.Deadline!.LastDay.At(new LocalTime(9, 1)));
        await App(family).EnforceAsync();
        await App(family).EnforceAsync();

        var reminders = (await Notices(family.Parent).GetAsync(50)).Where(n => n.Key == "Notice.LastBusinessDay" && n.ApplicationNumber == offered.Number).ToList();
        Assert.Single(reminders);
        Assert.Equal(ApplicationStatus.VoucherOffered, (await App(family).GetAsync(Actor(family.Parent))).Status);
    }

    [Fact]
    public async Task Refuse_Archived_NextOffered_AndAStrangerCannotAnswer()
    {
        var place = await NewLocalityAsync();
        var first = await ApplyAsync(place);
        var second = await ApplyAsync(place, first.Child.BirthDate.Year);
        await Pool(place, first.Child.BirthDate.Year).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        await EventuallyAsync(first, ApplicationStatus.VoucherOffered);

        var stranger = await Assert.ThrowsAsync<DomainException>(() => App(first).AcceptVoucherAsync(Actor(second.Parent)));
        var refused = await App(first).RefuseVoucherAsync(Actor(first.Parent));

        Assert.Equal("Error.Access.Denied", stranger.MessageKey);
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.Refused), (refused.Status, refused.ArchiveReason));
        await EventuallyAsync(second, ApplicationStatus.VoucherOffered);
    }

    [Fact]
    public async Task StopList_ReturnWithin28Days_OriginalPlace_OnlyOnce()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        var behind = await ApplyAsync(place, family.Child.BirthDate.Year);
        var pool = Pool(place, family.Child.BirthDate.Year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        var offered = await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        fixture.Time.Advance(offered.Deadline!.At - fixture.Time.GetCurrentInstant());
        await App(family).EnforceAsync();
        await EventuallyAsync(behind, ApplicationStatus.VoucherOffered);
        await App(behind).RefuseVoucherAsync(Actor(behind.Parent));

        // The kindergarten withdraws the place; the stopped application returns to its own place.
        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 0);
        fixture.Time.Advance(Duration.FromDays(20));
        var returned = await App(family).ReturnFromStopListAsync(Actor(family.Parent));

        Assert.Equal(ApplicationStatus.InQueue, returned.Status);
        Assert.Equal(1, returned.Place!.Place);
        Assert.Contains(await Client.GetGrain<IQueueGrain>(QueueKeys.For(place.CityId, QueueType.General, null)).GetHistoryAsync(returned.Number, 5),
            line => line is { Own: true, Reason: Domain.Queues.QueueChangeReason.ReturnedFromStopList });
    }

    [Fact]
    public async Task StopList_28DaysPass_Archived()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        await Pool(place, family.Child.BirthDate.Year).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        var offered = await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        fixture.Time.Advance(offered.Deadline!.At - fixture.Time.GetCurrentInstant());
        await App(family).EnforceAsync();
        var stopped = await App(family).GetAsync(Actor(family.Parent));

        fixture.Time.Advance(stopped.Deadline!.At - fixture.Time.GetCurrentInstant());
        await App(family).EnforceAsync();
        var late = await Assert.ThrowsAsync<DomainException>(() => App(family).ReturnFromStopListAsync(Actor(family.Parent)));

        var archived = await App(family).GetAsync(Actor(family.Parent));
        Assert.Equal((ApplicationStatus.Archived, ArchiveReason.StopListExpired), (archived.Status, archived.ArchiveReason));
        Assert.Equal("Error.StopList.NotInStopList", late.MessageKey);
    }

    [Fact]
    public async Task Publish_WrongKindergartenOrBelowVouchers_RefusedAndNothingChanges()
    {
        var place = await NewLocalityAsync();
        var family = await ApplyAsync(place);
        var pool = Pool(place, family.Child.BirthDate.Year);
        var otherStaff = place.Staff with { KindergartenId = "somewhere-else" };
        var parent = Actor(family.Parent);

        var notTheirs = await Assert.ThrowsAsync<DomainException>(() => pool.PublishAsync(otherStaff, place.KindergartenId, place.GroupId, 1));
        var notStaff = await Assert.ThrowsAsync<DomainException>(() => pool.PublishAsync(parent, place.KindergartenId, place.GroupId, 1));
        await pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1);
        await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        var below = await Assert.ThrowsAsync<DomainException>(() => pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 0));
        var tooOld = await Assert.ThrowsAsync<DomainException>(() => Pool(place, 2015).PublishAsync(place.Staff, place.KindergartenId, place.GroupId, 1));

        Assert.Equal(("Error.Access.Denied", "Error.Access.Denied"), (notTheirs.MessageKey, notStaff.MessageKey));
        Assert.Equal("Error.Places.BelowVouchers", below.MessageKey);
        Assert.Equal("Error.Places.GroupDoesNotFit", tooOld.MessageKey);
        var view = await pool.GetAsync();
        Assert.Equal((1, 1), (view.Published, view.Outstanding));
    }

    [Fact]
    public async Task Invariant_ConcurrentPublicationsOffersAnswersAndExpiries_NeverMoreVouchersThanPlaces()
    {
        var place = await NewLocalityAsync();
        var year = Families.GroupBy(f => f.Child.BirthDate.Year).OrderByDescending(g => g.Count()).First().Key;
        var families = new List<(RegistryPerson Parent, RegistryPerson Child)>();
        var sameYear = Families.Count(f => f.Child.BirthDate.Year == year);
        for (var i = 0; i < Math.Min(8, sameYear); i++)
        {
            var family = await ApplyAsync(place, year);
            if (families.All(f => f.Child.Iin != family.Child.Iin))
            {
                families.Add(family);
            }
        }

        var pool = Pool(place, year);
        var random = new Random(2026);
        for (var step = 0; step < 25; step++)
        {
            var operations = new List<Task>();
            for (var k = 0; k < 4; k++)
            {
                var family = families[random.Next(families.Count)];
                operations.Add(random.Next(5) switch
                {
                    0 => Swallow(pool.PublishAsync(place.Staff, place.KindergartenId, place.GroupId, random.Next(0, 5))),
                    1 => Swallow(App(family).AcceptVoucherAsync(Actor(family.Parent))),
                    2 => Swallow(App(family).RefuseVoucherAsync(Actor(family.Parent))),
                    3 => Swallow(App(family).ReturnFromStopListAsync(Actor(family.Parent))),
                    _ => Task.CompletedTask,
                });
            }

            if (random.Next(4) == 0)
            {
                fixture.Time.Advance(Duration.FromDays(3));
                operations.AddRange(families.Select(f => App(f).EnforceAsync()));
            }

            await Task.WhenAll(operations);
            await Task.Delay(30);

            var view = await pool.GetAsync();
            var holding = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in families)
            {
                var application = await App(family).GetAsync(Actor(family.Parent));
                if (application.Status is ApplicationStatus.VoucherOffered or ApplicationStatus.ChoosingKindergarten)
                {
                    holding.Add(application.Number);
                }
            }

            Assert.True(view.Outstanding + view.Holds + view.Enrolled <= view.Published, $"step {step}: {view}");
            Assert.True(holding.Count <= view.Outstanding, $"step {step}: {string.Join(", ", holding)} hold vouchers, the pool counts {view.Outstanding}: {view}");
        }
    }

    [Fact]
    public async Task Enrollment_RequestHoldsAPlace_DeclineFreesIt_OverdueCancelGivesTwoMoreDays()
    {
        var place = await NewLocalityAsync(groups: 2);
        var family = await ApplyAsync(place);
        var pool = Pool(place, family.Child.BirthDate.Year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g1", 1);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g2", 1);
        await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        await App(family).AcceptVoucherAsync(Actor(family.Parent));

        Assert.Equal(2, (await pool.GetChoicesAsync()).Count);
        var requested = await App(family).RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, "g1");
        Assert.Equal(ApplicationStatus.AwaitingContract, requested.Status);
        var held = await pool.GetAsync();
        Assert.Equal((1, 0), (held.Holds, held.Outstanding));
        Assert.Single(await Inbox(place).GetAsync());
        Assert.Single(await pool.GetChoicesAsync());

        // Another kindergarten's staff may not act; this one's declines with a reason.
        var stranger = place.Staff with { KindergartenId = "elsewhere" };
        Assert.Equal("Error.Access.Denied", (await Assert.ThrowsAsync<DomainException>(() => App(family).DeclineRequestAsync(stranger, "нет мест"))).MessageKey);
        var declined = await App(family).DeclineRequestAsync(place.Staff, "Группа укомплектована");
        Assert.Equal(ApplicationStatus.ChoosingKindergarten, declined.Status);
        Assert.Equal(accepted(declined), accepted(requested));
        Assert.Equal(0, (await pool.GetAsync()).Holds);
        Assert.Empty(await Inbox(place).GetAsync());

        // Requested again; the kindergarten does not answer for 2 business days: the operator cancels.
        await App(family).RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, "g2");
        var operatorActor = new Actor("operator-" + place.CityId, Role.Operator, "Оператор", place.CityId, null);
        Assert.Equal("Error.Enrollment.NotOverdue", (await Assert.ThrowsAsync<DomainException>(() => App(family).CancelOverdueAsync(operatorActor))).MessageKey);
        fixture.Time.Advance(Duration.FromDays(4));
        var cancelled = await App(family).CancelOverdueAsync(operatorActor);
        Assert.Equal(ApplicationStatus.ChoosingKindergarten, cancelled.Status);
        Assert.Equal(2, cancelled.Deadline!.BusinessDaysLeft);
        Assert.Equal(0, (await pool.GetAsync()).Holds);

        static Instant? accepted(ApplicationView view) => view.Voucher!.EnrollmentDeadline;
    }

    [Fact]
    public async Task Enrollment_200SimultaneousRequestsAndAnswers_For10Places_Exactly10Held()
    {
        var place = await NewLocalityAsync(groups: 2);
        var year = Families.GroupBy(f => f.Child.BirthDate.Year).OrderByDescending(g => g.Count()).First().Key;
        var families = new List<(RegistryPerson Parent, RegistryPerson Child)>();
        for (var i = 0; i < Families.Count(f => f.Child.BirthDate.Year == year); i++)
        {
            var family = await ApplyAsync(place, year);
            if (families.All(f => f.Child.Iin != family.Child.Iin))
            {
                families.Add(family);
            }
        }

        var pool = Pool(place, year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g1", 5);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g2", 5);
        for (var i = 0; i < 500 && (await pool.GetAsync()).Outstanding < Math.Min(10, families.Count); i++)
        {
            await Task.Delay(20);
        }

        var before = await pool.GetAsync();
        Assert.True(before.Outstanding == Math.Min(10, families.Count), $"{families.Count} families; {before}");

        // Every family answers «Да» and then fires requests at both groups at once; all families together:
        // 200 calls in all, racing for 10 places of two groups.
        var refusals = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task Refusable(Task call)
        {
            try
            {
                await call;
            }
            catch (DomainException refused)
            {
                refusals.Add(refused.MessageKey);
            }
        }

        var perFamily = 200 / families.Count;
        await Task.WhenAll(families.Select(async family =>
        {
            await Refusable(App(family).AcceptVoucherAsync(Actor(family.Parent)));
            await Task.WhenAll(Enumerable.Range(0, perFamily - 1).Select(k =>
                Refusable(App(family).RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, k % 2 == 0 ? "g1" : "g2"))));
        }));

        var view = await pool.GetAsync();
        var holders = Math.Min(10, families.Count);
        Assert.True(holders == view.Holds, $"{view}; refusals: {string.Join(", ", refusals.GroupBy(r => r).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.True(view.Outstanding + view.Holds + view.Enrolled <= view.Published);
        Assert.Equal(holders, (await Inbox(place).GetAsync()).Count);
        Assert.All(refusals, key => Assert.StartsWith("Error.", key, StringComparison.Ordinal));
        Assert.NotEmpty(refusals);
        var byGroup = (await Inbox(place).GetAsync()).GroupBy(i => i.GroupId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(byGroup.Values, count => Assert.True(count <= 5));
    }

    [Fact]
    public async Task GroupFree_RequestHoldsOne_DeclineGivesItBack_OtherGroupUnaffected()
    {
        var place = await NewLocalityAsync(groups: 2);
        var family = await ApplyAsync(place);
        var pool = Pool(place, family.Child.BirthDate.Year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g1", 2);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g2", 1);
        await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        await App(family).AcceptVoucherAsync(Actor(family.Parent));

        // A voucher is not bound to a group: only the request takes a group's place.
        Assert.Equal((2, 1), await GroupFreeAsync(pool, place));
        await App(family).RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, "g1");
        Assert.Equal((1, 1), await GroupFreeAsync(pool, place));
        Assert.Equal([new GroupOccupancy(place.KindergartenId, "g1", 1, 0)], (await pool.GetAsync()).Occupancy);

        await App(family).DeclineRequestAsync(place.Staff, "Группа укомплектована");
        Assert.Equal((2, 1), await GroupFreeAsync(pool, place));
        Assert.Empty((await pool.GetAsync()).Occupancy);
    }

    [Fact]
    public async Task GroupFree_HeldPlaceEnrolled_StaysTakenAcrossARestart()
    {
        var place = await NewLocalityAsync(groups: 2);
        var family = await ApplyAsync(place);
        var pool = Pool(place, family.Child.BirthDate.Year);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g1", 2);
        await pool.PublishAsync(place.Staff, place.KindergartenId, "g2", 1);
        await EventuallyAsync(family, ApplicationStatus.VoucherOffered);
        await App(family).AcceptVoucherAsync(Actor(family.Parent));
        var requested = await App(family).RequestPlaceAsync(Actor(family.Parent), place.KindergartenId, "g2");

        // The signed contract ends in this call (SignedEnrollmentTests covers the signing itself).
        await pool.EnrollAsync(requested.Voucher!.Id);
        await pool.ReleaseHoldAsync(requested.Voucher.Id);

        Assert.Equal((2, 0), await GroupFreeAsync(pool, place));
        Assert.Equal([new GroupOccupancy(place.KindergartenId, "g2", 0, 1)], (await pool.GetAsync()).Occupancy);
        await fixture.RestartAsync();
        Assert.Equal((2, 0), await GroupFreeAsync(Pool(place, family.Child.BirthDate.Year), place));
    }

    [Fact]
    public async Task PoolRows_500Enrolled_EachChangeWritesOnlyItsVoucher_RestartKeepsEveryVoucher()
    {
        var place = await NewLocalityAsync(groups: 2);
        var year = Families.GroupBy(f => f.Child.BirthDate.Year).OrderByDescending(g => g.Count()).First().Key;
        var pool = Pool(place, year);
        var poolKey = pool.GetPrimaryKeyString();

        // A pool with a long past: 500 children enrolled in g1 (rows written before it ever activates).
        var enrolled = Enumerable.Range(0, 500).Select(i => new PoolVoucherRow($"past-{i:D3}", PoolVoucherState.Enrolled, $"P-{i:D3}", place.KindergartenId, "g1")).ToList();
        await fixture.VoucherPools.WriteAsync(new PoolWrite(
            poolKey, 0, [new Publication(place.KindergartenId, "g1", 550, fixture.Time.GetCurrentInstant()), new Publication(place.KindergartenId, "g2", 10, fixture.Time.GetCurrentInstant())],
            new PoolCounters(500, 500, 0), enrolled, []));
        var first = await ApplyAsync(place, year);
        var second = await ApplyAsync(place, year);
        Assert.NotEqual(first.Child.Iin, second.Child.Iin);
        var firstVoucher = (await EventuallyAsync(first, ApplicationStatus.VoucherOffered)).Voucher!.Id;
        var secondOffered = await EventuallyAsync(second, ApplicationStatus.VoucherOffered);
        var secondVoucher = secondOffered.Voucher!.Id;
        var before = fixture.VoucherPools.WritesOf(poolKey).Count;

        // A refusal (a one-way release, written by the pool's flush), an acceptance and a request for a place.
        await App(first).RefuseVoucherAsync(Actor(first.Parent));
        for (var i = 0; i < 250 && !fixture.VoucherPools.WritesOf(poolKey).Skip(before).Any(w => w.Deletes.Contains(firstVoucher)); i++)
        {
            await Task.Delay(20);
        }

        await App(second).AcceptVoucherAsync(Actor(second.Parent));
        await App(second).RequestPlaceAsync(Actor(second.Parent), place.KindergartenId, "g2");

        var writes = fixture.VoucherPools.WritesOf(poolKey).Skip(before).ToList();
        Assert.Equal([firstVoucher], writes.SelectMany(w => w.Deletes));
        Assert.Equal([new PoolVoucherRow(secondVoucher, PoolVoucherState.Held, secondOffered.Number, place.KindergartenId, "g2")], writes.SelectMany(w => w.Upserts));
        Assert.All(writes, w => Assert.True(w.Upserts.Count + w.Deletes.Count <= 1 && w.Publications is null, $"{w.Upserts.Count} rows written, {w.Deletes.Count} removed"));
        Assert.Equal((0, 1, 1, 500), await CountsAsync(pool));

        // Every voucher's state comes back from the rows; the next change continues from the stored version.
        await fixture.RestartAsync();
        pool = Pool(place, year);
        var restarted = await pool.GetAsync();
        Assert.Equal((560, 0, 1, 500), (restarted.Published, restarted.Outstanding, restarted.Holds, restarted.Enrolled));
        Assert.Equal((502, 501, 1), (restarted.Offered, restarted.Accepted, restarted.Annulled));
        Assert.Equal([new GroupOccupancy(place.KindergartenId, "g1", 0, 500), new GroupOccupancy(place.KindergartenId, "g2", 1, 0)], restarted.Occupancy);
        var stored = (await fixture.VoucherPools.LoadAsync(poolKey))!;
        Assert.Equal(PoolVoucherState.Held, Assert.Single(stored.Claimed).State);
        Assert.Equal([new EnrolledCount(place.KindergartenId, "g1", 500)], stored.Enrolled);

        await App(second).DeclineRequestAsync(place.Staff, "Группа укомплектована");
        var afterRestart = fixture.VoucherPools.WritesOf(poolKey)[^1];
        Assert.Equal(stored.Version, afterRestart.ExpectedVersion);
        Assert.Equal(PoolVoucherState.Outstanding, Assert.Single(afterRestart.Upserts).State);
        Assert.Equal((1, 0, 1, 500), await CountsAsync(pool));

        static async Task<(int Outstanding, int Holds, int Annulled, int Enrolled)> CountsAsync(IVoucherPoolGrain pool)
        {
            var view = await pool.GetAsync();
            return (view.Outstanding, view.Holds, view.Annulled, view.Enrolled);
        }
    }

    [Fact]
    public async Task PoolRows_WholeStateOfTheFirstVersion_ImportedOnceInOneWrite_ThenClearedAndReconciled()
    {
        var place = await NewLocalityAsync(groups: 2);
        var pool = Pool(place, fixture.Time.GetCurrentInstant().InZone(PortalClock.Almaty).Year - 3);
        var poolKey = pool.GetPrimaryKeyString();
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");
        var publishedAt = fixture.Time.GetCurrentInstant();

        // As the first version left it: two places taken, one held and one outstanding voucher whose applications
        // do not exist (a release lost in a crash), and its figures.
        var old = new LegacyVoucherPoolState
        {
            Publications = [new Publication(place.KindergartenId, "g1", 8, publishedAt), new Publication(place.KindergartenId, "g2", 2, publishedAt)],
            Outstanding = new(StringComparer.Ordinal) { ["old-outstanding"] = "X-404-1" },
            Holds = new(StringComparer.Ordinal) { ["old-held"] = new GroupPlace(place.KindergartenId, "g1", "X-404-2") },
            Enrolled = new(StringComparer.Ordinal)
            {
                ["old-enrolled-1"] = new GroupPlace(place.KindergartenId, "g1", "E-001"),
                ["old-enrolled-2"] = new GroupPlace(place.KindergartenId, "g2", "E-002"),
            },
            Offered = 6,
            Accepted = 4,
            Annulled = 2,
        };
        await storage.WriteStateAsync("voucher-pool", pool.GetGrainId(), new GrainState<LegacyVoucherPoolState>(old));

        var view = await pool.GetAsync();

        // One write moved everything; the reconciliation then freed the two vouchers nobody holds.
        var writes = fixture.VoucherPools.WritesOf(poolKey);
        var import = writes[0];
        Assert.Equal(0, import.ExpectedVersion);
        Assert.Equal(old.Publications, import.Publications);
        Assert.Equal(new PoolCounters(6, 4, 2), import.Counters);
        Assert.Equal(
            [
                new PoolVoucherRow("old-enrolled-1", PoolVoucherState.Enrolled, "E-001", place.KindergartenId, "g1"),
                new PoolVoucherRow("old-enrolled-2", PoolVoucherState.Enrolled, "E-002", place.KindergartenId, "g2"),
                new PoolVoucherRow("old-held", PoolVoucherState.Held, "X-404-2", place.KindergartenId, "g1"),
                new PoolVoucherRow("old-outstanding", PoolVoucherState.Outstanding, "X-404-1"),
            ],
            import.Upserts.OrderBy(r => r.VoucherId, StringComparer.Ordinal));
        Assert.Equal(["old-held", "old-outstanding"], writes.Skip(1).SelectMany(w => w.Deletes).Order(StringComparer.Ordinal));
        Assert.Equal((10, 0, 0, 2), (view.Published, view.Outstanding, view.Holds, view.Enrolled));
        Assert.Equal((6, 4, 4), (view.Offered, view.Accepted, view.Annulled));
        Assert.Equal([new GroupOccupancy(place.KindergartenId, "g1", 0, 1), new GroupOccupancy(place.KindergartenId, "g2", 0, 1)], view.Occupancy);

        var cleared = new GrainState<LegacyVoucherPoolState>();
        await storage.ReadStateAsync("voucher-pool", pool.GetGrainId(), cleared);
        Assert.False(cleared.State?.HasContent() ?? false);

        // The next activation loads the rows and imports nothing again.
        await fixture.Cluster.DeactivateAsync(pool);
        var again = await pool.GetAsync();
        Assert.Equal((10, 0, 0, 2, 6, 4, 4), (again.Published, again.Outstanding, again.Holds, again.Enrolled, again.Offered, again.Accepted, again.Annulled));
        Assert.Equal(view.Publications, again.Publications);
        Assert.Equal(view.Occupancy, again.Occupancy);
        Assert.Single(fixture.VoucherPools.WritesOf(poolKey), w => w.ExpectedVersion == 0);
        var stored = (await fixture.VoucherPools.LoadAsync(poolKey))!;
        Assert.Empty(stored.Claimed);
        Assert.Equal(2, stored.Enrolled.Sum(e => e.Count));
    }

    /// <summary>
    /// The free places of the groups g1 and g2 of a locality's kindergarten, counted by the pool; «Выбрать ДО» (the
    /// pool's choices) and the catalog (the figures the pool reported to the statistics) must count the same.
    /// </summary>
    private async Task<(int G1, int G2)> GroupFreeAsync(IVoucherPoolGrain pool, Locality place)
    {
        var view = await pool.GetAsync();
        var choices = await pool.GetChoicesAsync();
        var reported = Assert.Single(await Client.GetGrain<IStatisticsGrain>(StatisticsKeys.All).GetPoolsAsync(), p => p.PoolKey == view.PoolKey);
        var free = (view.FreeIn(place.KindergartenId, "g1"), view.FreeIn(place.KindergartenId, "g2"));

        Assert.Equal(free, (Choice("g1"), Choice("g2")));
        Assert.Equal(free, (reported.FreeIn(place.KindergartenId, "g1"), reported.FreeIn(place.KindergartenId, "g2")));
        return free;

        int Choice(string groupId) => choices.SingleOrDefault(c => c.KindergartenId == place.KindergartenId && c.GroupId == groupId)?.Free ?? 0;
    }

    private IKindergartenInboxGrain Inbox(Locality place) => Client.GetGrain<IKindergartenInboxGrain>(EnrollmentKeys.Inbox(place.KindergartenId));

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (DomainException)
        {
            // Refused moves are part of the game: they must change nothing.
        }
    }

    private void MoveTo(LocalDateTime almaty)
    {
        var target = almaty.InZoneLeniently(PortalClock.Almaty).ToInstant();
        var now = fixture.Time.GetCurrentInstant();
        if (target > now)
        {
            fixture.Time.Advance(target - now);
        }
    }

    private sealed record Locality(string CityId, string KindergartenId, string GroupId, Actor Staff);

    private async Task<Locality> NewLocalityAsync(int groups = 1)
    {
        var city = "v" + Guid.NewGuid().ToString("N")[..8];
        await Client.GetGrain<ICityDirectoryGrain>(GrainKeys.Cities).UpsertAsync(Domain.Applications.Actor.System, new City(city, new LocalizedText(city, city, city), [new District("d1", new LocalizedText("d1", "d1", "d1"))]));
        var kindergartenId = city + "-001";
        var group = new KindergartenGroup("g1", "Группа 1", 1, 7, "ru", QueueType.General, null, 50);
        var all = Enumerable.Range(1, groups).Select(i => group with { Id = $"g{i}", Name = $"Группа {i}" }).ToList();
        await Client.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).SaveAsync(Domain.Applications.Actor.System, new KindergartenProfile(
            kindergartenId, 1, new LocalizedText("Бала", "Бала", "Bala"), city, "d1", "ул. Тестовая, 1", Ownership.State, ["ru"], "+77270000000", all));
        return new Locality(city, kindergartenId, group.Id, new Actor("staff-" + city, Role.KindergartenStaff, "Сотрудник ДО", city, kindergartenId));
    }

    private async Task<(RegistryPerson Parent, RegistryPerson Child)> ApplyAsync(Locality place, int? birthYear = null)
    {
        (RegistryPerson Parent, RegistryPerson Child) family;
        do
        {
            family = Families[Interlocked.Increment(ref _nextFamily) % Families.Count];
        }
        while (birthYear is { } year && family.Child.BirthDate.Year != year);

        var account = Client.GetGrain<IAccountGrain>(GrainKeys.Account(family.Parent.Iin));
        if (await account.GetAsync() is null)
        {
            await account.CreateParentAsync(RegistryPersonSnapshot.From(family.Parent), family.Parent.Phone!, "hash", "ru");
        }

        var parent = Client.GetGrain<IParentGrain>(ApplicationKeys.Parent(family.Parent.Iin));
        if ((await parent.GetChildrenAsync(Actor(family.Parent))).All(c => c.Iin != family.Child.Iin))
        {
            await parent.AddChildAsync(Actor(family.Parent), family.Child.Iin);
        }

        // A child waits in one general queue at a time: an earlier test's application is withdrawn first.
        foreach (var earlier in (await parent.GetApplicationsAsync(Actor(family.Parent))).Where(a => a.ChildIin == family.Child.Iin && a.QueueType == QueueType.General))
        {
            var app = App(earlier.Number);
            try
            {
                await app.RefuseVoucherAsync(Actor(family.Parent));
            }
            catch (DomainException)
            {
                // No voucher to refuse (or its deadline just took it to the stop list): withdrawn below.
            }

            if ((await app.GetAsync(Actor(family.Parent))).Status is ApplicationStatus.InQueue or ApplicationStatus.StopList or ApplicationStatus.AwaitingDocuments)
            {
                await app.WithdrawAsync(Actor(family.Parent));
            }
        }

        var number = await parent.SubmitApplicationAsync(Actor(family.Parent), new ApplicationForm(
            QueueType.General, family.Child.Iin, null, null, place.CityId, place.KindergartenId, "ru", null, null, true));
        _numbers[(place.CityId, family.Child.Iin)] = number;
        return family;
    }

    private readonly Dictionary<(string City, string Child), string> _numbers = [];

    private async Task<ApplicationView> EventuallyAsync((RegistryPerson Parent, RegistryPerson Child) family, ApplicationStatus status, int attempts = 100)
    {
        ApplicationView view = null!;
        for (var i = 0; i < attempts; i++)
        {
            view = await App(family).GetAsync(Actor(family.Parent));
            if (view.Status == status)
            {
                return view;
            }

            await Task.Delay(20);
        }

        Assert.Equal(status, view.Status);
        return view;
    }

    private IVoucherPoolGrain Pool(Locality place, int year) =>
        Client.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(place.CityId, QueueType.General, null, "ru", year));

    private IApplicationGrain App((RegistryPerson Parent, RegistryPerson Child) family) =>
        App(_numbers.Where(n => n.Key.Child == family.Child.Iin).Select(n => n.Value).Last());

    private IApplicationGrain App(string number) => Client.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number));

    private INotificationGrain Notices(RegistryPerson person) => Client.GetGrain<INotificationGrain>(NotificationKeys.Inbox(person.Iin));

    private static Actor Actor(RegistryPerson person) => new(person.Iin, Role.Parent, person.FullName, null, null);
}
