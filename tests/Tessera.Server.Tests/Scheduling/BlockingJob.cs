using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Tests.Scheduling;

/// <summary>A job that records its start and then runs until it is cancelled.</summary>
public sealed class BlockingJob(JobRuns runs) : IScheduledJob
{
    public const string JobName = "test-blocking";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        runs.Started(Name);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
