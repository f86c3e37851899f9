using System.Threading.Channels;

namespace Balabaqsha.Grains.Queues;

/// <summary>
/// Group commit for the queues of a silo: changes appended concurrently (by one reentrant queue or by
/// many queues) share one database transaction. A caller's task completes only once the transaction
/// holding its records is durable, so an answer given after it survives <c>kill -9</c>. Batches are
/// written one after another in the order their records were appended.
/// </summary>
public sealed class QueueJournal : IAsyncDisposable
{
    /// <summary>The most records one transaction takes.</summary>
    public const int MaxBatch = 512;

    private readonly IQueueDatabase _database;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _transactions;
    private long _records;

    public QueueJournal(IQueueDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The database behind the journal, for reads.</summary>
    public IQueueDatabase Database => _database;

    /// <summary>Transactions committed so far.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Records committed so far.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Appends records; the task completes once they are durable, or fails when their transaction failed.</summary>
    public Task AppendAsync(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new Pending(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(QueueJournal));
        }

        return pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<Pending>();
        var records = new List<JournalRecord>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            records.Clear();
            while (records.Count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
                records.AddRange(next.Records);
            }

            try
            {
                await _database.WriteAsync(records).ConfigureAwait(false);
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _records, records.Count);
                foreach (var done in batch)
                {
                    done.Done.TrySetResult();
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One bad change must not fail the others that happened to share its transaction.
                foreach (var single in batch)
                {
                    await WriteAloneAsync(single).ConfigureAwait(false);
                }
            }
            catch (Exception failure)
            {
                batch[0].Done.TrySetException(failure);
            }
        }
    }

    private async Task WriteAloneAsync(Pending pending)
    {
        try
        {
            await _database.WriteAsync(pending.Records).ConfigureAwait(false);
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _records, pending.Records.Count);
            pending.Done.TrySetResult();
        }
        catch (Exception failure)
        {
            pending.Done.TrySetException(failure);
        }
    }

    private sealed record Pending(IReadOnlyList<JournalRecord> Records, TaskCompletionSource Done);
}
