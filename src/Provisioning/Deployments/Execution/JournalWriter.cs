using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Deployments.Execution;

/// <summary>
/// Writes one deployment's journal and resource rows with group commit: every write queued while a save is running
/// goes into the next save, so 50 parallel route calls cost a handful of short transactions rather than 100.
/// Writes are applied in the order they were queued, so awaiting any write means every earlier one is durable.
/// </summary>
internal sealed class JournalWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<RecordsDbContext> _dbFactory;
    private readonly Guid _deploymentId;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _cancellationToken;
    private readonly Task _loop;

    public JournalWriter(IDbContextFactory<RecordsDbContext> dbFactory, Guid deploymentId, TimeProvider clock, CancellationToken cancellationToken)
    {
        _dbFactory = dbFactory;
        _deploymentId = deploymentId;
        _clock = clock;
        _cancellationToken = cancellationToken;
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    /// <summary>Records the intent of a call and returns once it is durable: only then may the call be sent.</summary>
    public async Task<JournalEntry> BeginAsync(string step, string operation)
    {
        var entry = new JournalEntry
        {
            DeploymentId = _deploymentId,
            Step = step,
            Operation = operation,
            State = StepState.Intent,
            StartedAt = _clock.GetUtcNow(),
        };
        await EnqueueAsync(db => db.Journal.Add(entry));
        return entry;
    }

    /// <summary>Queues the outcome of a call, with what it changed in the resource records.</summary>
    public Task CompleteAsync(JournalEntry entry, StepState state, string? resourceId, string? requestId, string? error,
        Action<RecordsDbContext>? alsoRecord = null)
    {
        var endedAt = _clock.GetUtcNow();
        return EnqueueAsync(db =>
        {
            db.Journal.Attach(entry);
            entry.State = state;
            entry.EndedAt = endedAt;
            entry.ResourceId = resourceId;
            entry.AwsRequestId = requestId;
            entry.Error = error;
            alsoRecord?.Invoke(db);
        });
    }

    /// <summary>Completes once everything queued so far is durable.</summary>
    public Task FlushAsync() => EnqueueAsync(_ => { });

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _loop;
    }

    private Task EnqueueAsync(Action<RecordsDbContext> apply)
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(_cancellationToken);
        }

        var write = new PendingWrite(apply, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _writes.Writer.TryWrite(write) ? write.Done.Task : Task.FromCanceled(new CancellationToken(canceled: true));
    }

    private async Task WriteLoopAsync()
    {
        var reader = _writes.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_cancellationToken))
            {
                var batch = new List<PendingWrite>();
                while (reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                await SaveBatchAsync(batch);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down (or a simulated crash): whatever is still queued is never written.
        }

        while (reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled();
        }
    }

    private async Task SaveBatchAsync(List<PendingWrite> batch)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(_cancellationToken);
            foreach (var write in batch)
            {
                write.Apply(db);
            }

            await db.SaveChangesAsync(_cancellationToken);
            batch.ForEach(w => w.Done.TrySetResult());
        }
        catch (OperationCanceledException)
        {
            batch.ForEach(w => w.Done.TrySetCanceled());
            throw;
        }
        catch (Exception ex)
        {
            batch.ForEach(w => w.Done.TrySetException(ex));
        }
    }

    private sealed record PendingWrite(Action<RecordsDbContext> Apply, TaskCompletionSource Done);
}
