using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Tests.Scheduling;

/// <summary>A job that records each run (every hour unless configured).</summary>
public sealed class CountingJob(JobRuns runs) : IScheduledJob
{
    public const string JobName = "test-counting";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        runs.Started(Name);
        return Task.CompletedTask;
    }
}
