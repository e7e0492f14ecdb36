namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// Recurring work that happens without a request. Register it with
/// <see cref="SchedulingModule.AddScheduledJob{TJob}"/>; the scheduler runs it on one server at a time, every
/// <see cref="Interval"/> (or <c>Scheduler:Jobs:{Name}:IntervalSeconds</c>), in its own DI scope. A run may be cut
/// short (a server stops, dies or overruns its lease) and another server may then run it again, so a run must be
/// safe to repeat: each change it makes is claimed by a conditional update or a unique key.
/// </summary>
public interface IScheduledJob
{
    /// <summary>The job's row in <c>scheduled_jobs</c>: stable, at most 64 characters.</summary>
    string Name { get; }

    /// <summary>The time from the end of one run to the start of the next.</summary>
    TimeSpan Interval { get; }

    /// <summary>Does the work due at <paramref name="now"/> (the scheduler's clock when it claimed the run).</summary>
    Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
