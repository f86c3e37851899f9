using System.Text;
using Balabaqsha.Abstractions;
using Balabaqsha.Abstractions.Applications;
using Balabaqsha.Abstractions.Documents;
using Balabaqsha.Abstractions.Identity;
using Balabaqsha.Abstractions.Catalog;
using Balabaqsha.Abstractions.Queues;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Domain.Applications;
using Balabaqsha.Domain.Children;
using Balabaqsha.Domain.Contracts;
using Balabaqsha.Domain.Identity;
using Balabaqsha.Domain.Registry;
using Balabaqsha.Domain.Time;
using Balabaqsha.Grains.Applications;
using Balabaqsha.Silo.Signatures;
using NodaTime;

namespace Balabaqsha.Silo.Demo;

/// <summary>
/// The demo families' preschool children in Almaty's queues: every child in the general queue, every
/// third also in a sanatorium queue (two of three confirmed by the doctor, the rest waiting), and a few
/// priority claims waiting for the operator — so queues and inboxes look real at first start.
/// </summary>
public sealed class DemoApplications(
    IGrainFactory grains, IPopulationRegistry registry, IDocumentStore documents, IClock clock, TestCertificateAuthority? signingAuthority = null)
{
    /// <summary>The steps of enrollment the demo shows: requested, contract sent, signed by the parent, enrolled.</summary>
    private const int EnrollmentSteps = 4;

    public async Task SeedAsync(IReadOnlyList<RegistryPerson> parents)
    {
        var doctor = await StaffActorAsync("doctor.almaty");
        var conclusion = await documents.SaveAsync(DemoPdf("Заключение врача-фтизиатра"));
        var proof = await documents.SaveAsync(DemoPdf("Справка о многодетной семье"));
        var today = clock.GetCurrentInstant().InZone(PortalClock.Almaty).Date;
        var childIndex = 0;
        foreach (var parentPerson in parents)
        {
            var parent = grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parentPerson.Iin));
            var actor = new Actor(parentPerson.Iin, Role.Parent, parentPerson.FullName, null, null);
            if ((await parent.GetApplicationsAsync(actor)).Count > 0)
            {
                continue;
            }

            foreach (var child in registry.ChildrenOf(parentPerson.Iin).Where(c => c.BirthDate.PlusYears(ChildRules.MaxAgeYears) > today && c.BirthDate.PlusYears(1) <= today))
            {
                if ((await parent.GetChildrenAsync(actor)).Any(c => c.Iin == child.Iin))
                {
                    continue; // a child of two demo parents is put in the queue by the first
                }

                await parent.AddChildAsync(actor, child.Iin);
                childIndex++;
                var language = childIndex % 2 == 0 ? Languages.Kazakh : Languages.Russian;
                var kindergarten = DemoCatalog.KindergartenId(DemoCatalog.Almaty, 1 + (childIndex % DemoCatalog.AlmatyKindergartens));
                string? priority = null;
                if (childIndex % 7 == 0)
                {
                    await Grant(proof, parentPerson.Iin, DocumentPurpose.PriorityProof);
                    priority = DemoCatalog.PriorityCategories[3].Id;
                }

                await parent.SubmitApplicationAsync(actor, new ApplicationForm(
                    QueueType.General, child.Iin, null, null, DemoCatalog.Almaty, kindergarten, language, priority, priority is null ? null : proof, true));

                if (childIndex % 3 == 0)
                {
                    await Grant(conclusion, parentPerson.Iin, DocumentPurpose.Conclusion);
                    var rehabilitation = DemoCatalog.RehabilitationTypes[childIndex % DemoCatalog.RehabilitationTypes.Count].Id;
                    var number = await parent.SubmitApplicationAsync(actor, new ApplicationForm(
                        QueueType.Sanatorium, child.Iin, rehabilitation, conclusion, DemoCatalog.Almaty, null, language, null, null, true));
                    if (childIndex % 9 != 0)
                    {
                        await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(number)).ConfirmAsync(doctor);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Moves the demo queues as life would, so the cards have a place history to explain: the operator
    /// confirms every other pending priority claim (the rest stay in the inbox), and two families withdraw
    /// their general application.
    /// </summary>
    public async Task SeedQueueMovesAsync(IReadOnlyList<RegistryPerson> parents)
    {
        var operatorActor = await StaffActorAsync("operator.almaty");
        var claims = 0;
        for (var i = 0; i < parents.Count; i++)
        {
            var actor = new Actor(parents[i].Iin, Role.Parent, parents[i].FullName, null, null);
            var applications = await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parents[i].Iin)).GetApplicationsAsync(actor);
            foreach (var application in applications)
            {
                var grain = grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(application.Number));
                if (application.Priority is { Status: PriorityClaimStatus.Pending } && claims++ % 2 == 0)
                {
                    await grain.DecidePriorityAsync(operatorActor, confirm: true, reason: null);
                }
                else if (i is 4 or 7 && application is { QueueType: QueueType.General, Status: ApplicationStatus.InQueue })
                {
                    await grain.WithdrawAsync(actor);
                }
            }
        }
    }

    /// <summary>
    /// Free places and vouchers, so the portal shows them in use: the staff of two Almaty kindergartens
    /// publish places in a general group for a birth year with waiting applications; the first eligible
    /// applications get vouchers, and one family accepts its voucher.
    /// </summary>
    public async Task SeedVouchersAsync(IReadOnlyList<RegistryPerson> parents)
    {
        var queue = grains.GetGrain<IQueueGrain>(QueueKeys.For(DemoCatalog.Almaty, QueueType.General, null));
        var year = clock.GetCurrentInstant().InZone(PortalClock.Almaty).Year;
        var published = 0;
        for (var n = 1; n <= DemoCatalog.AlmatyKindergartens && published < 2; n++)
        {
            var kindergartenId = DemoCatalog.KindergartenId(DemoCatalog.Almaty, n);
            var profile = await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync();
            var staff = await StaffActorAsync($"staff.{n}");
            foreach (var group in profile?.Groups.Where(g => g.QueueType == QueueType.General) ?? [])
            {
                // The youngest birth year the group takes that has someone waiting for its language.
                for (var birthYear = year - group.MinAgeYears; birthYear >= year - group.MaxAgeYears && published < 2; birthYear--)
                {
                    if ((await queue.FindEligibleAsync(birthYear, group.Language, [], 1)).Count > 0)
                    {
                        await grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(DemoCatalog.Almaty, QueueType.General, null, group.Language, birthYear))
                            .PublishAsync(staff, kindergartenId, group.Id, 1);
                        published++;
                        break;
                    }
                }

                if (published >= 2)
                {
                    break;
                }
            }
        }

        // The pools offer at once (one-way); give them a moment, then one family says «Да».
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var parentPerson in parents)
            {
                var actor = new Actor(parentPerson.Iin, Role.Parent, parentPerson.FullName, null, null);
                var offered = (await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parentPerson.Iin)).GetApplicationsAsync(actor))
                    .FirstOrDefault(a => a.Status == ApplicationStatus.VoucherOffered);
                if (offered is not null)
                {
                    await grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(offered.Number)).AcceptVoucherAsync(actor);
                    return;
                }
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Enrollment in use: the staff of Almaty kindergartens publish a few more places in general groups,
    /// more families get vouchers and say «Да», and each new voucher goes one step further: a place
    /// requested (AwaitingContract), the contract sent (ContractSigning), the contract signed by the parent,
    /// and a child enrolled. The signatures are made here with keys of the test CA — only the demo signs
    /// on the server; without the test CA (development controls off) the signed steps are left out.
    /// </summary>
    public async Task SeedEnrollmentsAsync(IReadOnlyList<RegistryPerson> parents)
    {
        var before = await DemoApplicationsAsync(parents);
        var withVoucher = before.Where(a => a.View.Voucher is not null).Select(a => a.View.Number).ToHashSet(StringComparer.Ordinal);
        await PublishPlacesAsync(EnrollmentSteps);

        // The pools offer at once (one-way): collect the new offers.
        var offered = new List<(Actor Parent, ApplicationView View)>();
        for (var attempt = 0; attempt < 50 && offered.Count < EnrollmentSteps; attempt++)
        {
            await Task.Delay(100);
            offered = [.. (await DemoApplicationsAsync(parents))
                .Where(a => a.View.Status == ApplicationStatus.VoucherOffered && !withVoucher.Contains(a.View.Number))
                .Take(EnrollmentSteps)];
        }

        var signingDocuments = new List<string>();
        foreach (var kind in ContractDocuments.Required)
        {
            signingDocuments.Add($"{kind}:{await documents.SaveAsync(DemoPdf("Demo document " + kind))}");
        }

        for (var step = 0; step < offered.Count; step++)
        {
            var (parent, view) = offered[step];
            var application = grains.GetGrain<IApplicationGrain>(ApplicationKeys.Application(view.Number));
            var accepted = await application.AcceptVoucherAsync(parent);
            var choices = await grains.GetGrain<IVoucherPoolGrain>(accepted.Voucher!.PoolKey).GetChoicesAsync();
            if (choices.Count == 0)
            {
                continue;
            }

            var choice = choices[0];
            await application.RequestPlaceAsync(parent, choice.KindergartenId, choice.GroupId);
            if (step < 1)
            {
                continue;
            }

            var staff = await StaffActorAsync(DemoCatalog.StaffLogin(int.Parse(choice.KindergartenId[^3..], System.Globalization.CultureInfo.InvariantCulture)));
            await application.SendContractAsync(staff);
            if (step < 2 || signingAuthority is null)
            {
                continue;
            }

            // The parent's part of the contract: a home address of the demo (the registry keeps none).
            await application.FillInContractAsync(parent, $"Алматы, ул. Толе би, {101 + step}, кв. {step + 4}", null, null);
            var contract = (await application.GetContractAsync(parent))!;
            var now = clock.GetCurrentInstant().ToDateTimeOffset();
            foreach (var document in signingDocuments)
            {
                await Grant(document.Split(':', 2)[1], parent.Iin, DocumentPurpose.ContractDocument);
            }

            await application.SignByParentAsync(parent, DemoSigner.Sign(signingAuthority, parent.Iin, parent.FullName, contract, now), signingDocuments);
            if (step < 3)
            {
                continue;
            }

            await application.SignByStaffAsync(staff, DemoSigner.Sign(signingAuthority, staff.Iin, staff.FullName, contract, now));
        }
    }

    /// <summary>
    /// One more place at a time in the general groups of Almaty kindergartens (from the fourth on, which
    /// teaches in both languages), for birth years with someone waiting, until <paramref name="places"/> are published.
    /// </summary>
    private async Task PublishPlacesAsync(int places)
    {
        var queue = grains.GetGrain<IQueueGrain>(QueueKeys.For(DemoCatalog.Almaty, QueueType.General, null));
        var year = clock.GetCurrentInstant().InZone(PortalClock.Almaty).Year;
        for (var n = 4; n <= DemoCatalog.AlmatyKindergartens && places > 0; n++)
        {
            var kindergartenId = DemoCatalog.KindergartenId(DemoCatalog.Almaty, n);
            var profile = await grains.GetGrain<IKindergartenGrain>(GrainKeys.Kindergarten(kindergartenId)).GetAsync();
            var staff = await StaffActorAsync(DemoCatalog.StaffLogin(n));
            foreach (var group in profile?.Groups.Where(g => g.QueueType == QueueType.General) ?? [])
            {
                for (var birthYear = year - group.MinAgeYears; birthYear >= year - group.MaxAgeYears && places > 0; birthYear--)
                {
                    var waiting = (await queue.FindEligibleAsync(birthYear, group.Language, [], places)).Count;
                    if (waiting == 0)
                    {
                        continue;
                    }

                    var pool = grains.GetGrain<IVoucherPoolGrain>(VoucherPoolKeys.For(DemoCatalog.Almaty, QueueType.General, null, group.Language, birthYear));
                    var current = (await pool.GetAsync()).Publications.LastOrDefault(p => p.KindergartenId == kindergartenId && p.GroupId == group.Id)?.Places ?? 0;
                    var more = Math.Min(waiting, places);
                    await pool.PublishAsync(staff, kindergartenId, group.Id, current + more);
                    places -= more;
                }
            }
        }
    }

    private async Task<List<(Actor Parent, ApplicationView View)>> DemoApplicationsAsync(IReadOnlyList<RegistryPerson> parents)
    {
        var all = new List<(Actor Parent, ApplicationView View)>();
        foreach (var parentPerson in parents)
        {
            var actor = new Actor(parentPerson.Iin, Role.Parent, parentPerson.FullName, null, null);
            foreach (var view in await grains.GetGrain<IParentGrain>(ApplicationKeys.Parent(parentPerson.Iin)).GetApplicationsAsync(actor))
            {
                all.Add((actor, view));
            }
        }

        return all;
    }

    private Task Grant(string sha, string owner, DocumentPurpose purpose) =>
        grains.GetGrain<IDocumentAccessGrain>(DocumentKeys.Access(sha)).GrantAsync(new DocumentGrant(purpose, owner, string.Empty, null));

    private async Task<Actor> StaffActorAsync(string login)
    {
        var iin = await grains.GetGrain<IAccountIndexGrain>(GrainKeys.LoginIndex(login)).ResolveAsync()
            ?? throw new InvalidOperationException($"The demo account {login} is missing.");
        var account = (await grains.GetGrain<IAccountGrain>(GrainKeys.Account(iin)).GetAsync())!;
        return new Actor(account.Iin, account.Role, account.FullName, account.CityId, account.KindergartenId);
    }

    /// <summary>A small valid one-page PDF with a line of text: the demo stand-in for a scanned document.</summary>
    public static byte[] DemoPdf(string title)
    {
        var text = new string(title.Select(c => c < 128 ? c : '?').ToArray());
        var content = $"BT /F1 18 Tf 72 720 Td ({text} - demo) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
