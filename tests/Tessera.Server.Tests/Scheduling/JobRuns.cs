using System.Threading.Channels;

namespace Tessera.Server.Tests.Scheduling;

/// <summary>What the test jobs did, shared by every server of a test: each run start is written to a channel.</summary>
public sealed class JobRuns
{
    private readonly Channel<string> _started = Channel.CreateUnbounded<string>();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Started(string job)
    {
        Interlocked.Increment(ref _count);
        _started.Writer.TryWrite(job);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the next run to start; false if none did.</summary>
    public async Task<bool> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _started.Reader.ReadAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
