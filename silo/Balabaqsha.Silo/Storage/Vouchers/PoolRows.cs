using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Balabaqsha.Abstractions.Vouchers;
using Balabaqsha.Grains.Vouchers;
using NodaTime;
using Orleans.Storage;

namespace Balabaqsha.Silo.Storage.Vouchers;

/// <summary>
/// What both adapters of <c>balabaqsha_pool</c> and <c>balabaqsha_pool_voucher</c> share: the JSON of a
/// pool's publications, what a write must look like to be stored as meant, the reading of the voucher rows and
/// of the enrolled counts (the same SELECT columns on both), and the error of a lost race.
/// </summary>
internal static class PoolRows
{
    /// <summary>The outstanding and held vouchers: voucher id, state, number, kindergarten id, group id.</summary>
    public static async Task<List<PoolVoucherRow>> ReadClaimedAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var claimed = new List<PoolVoucherRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new PoolVoucherRow(
                reader.GetString(0),
                (PoolVoucherState)reader.GetInt16(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return claimed;
    }

    /// <summary>The enrolled vouchers counted per group: kindergarten id, group id, count.</summary>
    public static async Task<List<EnrolledCount>> ReadEnrolledAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var enrolled = new List<EnrolledCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            enrolled.Add(new EnrolledCount(reader.GetString(0), reader.GetString(1), checked((int)reader.GetInt64(2))));
        }

        return enrolled;
    }

    /// <summary>
    /// Refuses, before anything is written, a write whose rows would contradict each other or the table's
    /// rules: one row per voucher, a group exactly for held and enrolled vouchers, publications on a first write.
    /// </summary>
    public static void Validate(PoolWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrWhiteSpace(write.PoolKey, nameof(write));
        ArgumentOutOfRangeException.ThrowIfNegative(write.ExpectedVersion, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Upserts, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Deletes, nameof(write));
        if (write.ExpectedVersion == 0 && write.Publications is null)
        {
            throw new ArgumentException($"The first write of '{write.PoolKey}' must carry its publications.", nameof(write));
        }

        if (write.Counters.Offered < 0 || write.Counters.Accepted < 0 || write.Counters.Annulled < 0)
        {
            throw new ArgumentException($"The counters of '{write.PoolKey}' are negative.", nameof(write));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in write.Upserts)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(write));
            ArgumentException.ThrowIfNullOrWhiteSpace(row.VoucherId, nameof(write));
            ArgumentException.ThrowIfNullOrWhiteSpace(row.Number, nameof(write));
            var placeFits = row.State switch
            {
                PoolVoucherState.Outstanding => row.KindergartenId is null && row.GroupId is null,
                PoolVoucherState.Held or PoolVoucherState.Enrolled => !string.IsNullOrEmpty(row.KindergartenId) && !string.IsNullOrEmpty(row.GroupId),
                _ => false,
            };
            if (!placeFits)
            {
                throw new ArgumentException($"Voucher '{row.VoucherId}' of '{write.PoolKey}' ({row.State}) does not have the place its state needs.", nameof(write));
            }

            if (!seen.Add(row.VoucherId))
            {
                throw new ArgumentException($"Voucher '{row.VoucherId}' of '{write.PoolKey}' is written twice.", nameof(write));
            }
        }

        foreach (var voucherId in write.Deletes)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(voucherId, nameof(write));
            if (!seen.Add(voucherId))
            {
                throw new ArgumentException($"Voucher '{voucherId}' of '{write.PoolKey}' is written and removed, or removed twice.", nameof(write));
            }
        }
    }

    /// <summary>The publications as the <c>publications</c> column keeps them.</summary>
    public static string PublicationsJson(IReadOnlyList<Publication> publications)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var publication in publications)
            {
                json.WriteStartObject();
                json.WriteString("kindergarten", publication.KindergartenId);
                json.WriteString("group", publication.GroupId);
                json.WriteNumber("places", publication.Places);
                json.WriteNumber("at", publication.At.ToUnixTimeTicks());
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads the <c>publications</c> column back, in the order written.</summary>
    public static IReadOnlyList<Publication> ReadPublications(string json)
    {
        using var document = JsonDocument.Parse(json);
        var publications = new List<Publication>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            publications.Add(new Publication(
                element.GetProperty("kindergarten").GetString()!,
                element.GetProperty("group").GetString()!,
                element.GetProperty("places").GetInt32(),
                Instant.FromUnixTimeTicks(element.GetProperty("at").GetInt64())));
        }

        return publications;
    }

    /// <summary>The error of a write whose pool another writer changed since it was read.</summary>
    public static InconsistentStateException VersionConflict(PoolWrite write) => new(
        $"Pool '{write.PoolKey}' is no longer at version {write.ExpectedVersion}: another activation wrote it.",
        storedEtag: "unknown",
        currentEtag: write.ExpectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
