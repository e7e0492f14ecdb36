using System.Globalization;
using Tessera.Server.Data;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// Runs the registered <see cref="IScheduledJob"/>s that are due, each on one server at a time: a run is claimed with
/// a lease in <c>scheduled_jobs</c> (renewed while it runs), and when it ends the job's next run is set one interval
/// later. A server that dies leaves its lease to expire (<c>Scheduler:LeaseSeconds</c>, 120) and the job due, so
/// another server or the restarted one takes it; a job missed while every server was down runs at the first poll.
/// See docs/adr/0036-one-scheduler-claims-jobs-with-a-lease-in-the-database.md.
/// </summary>
public sealed class JobScheduler(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<JobScheduler> logger)
{
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(Math.Max(3, configuration.GetValue("Scheduler:LeaseSeconds", 120)));
    private volatile bool _registered;

    /// <summary>Names this server in the leases it holds.</summary>
    public string Owner { get; } = Truncate($"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Guid.NewGuid():N}", 64);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[^length..];

    /// <summary>The registered jobs' names and intervals (the interval as configured when set).</summary>
    public IReadOnlyList<(string Name, TimeSpan Interval)> Jobs()
    {
        using var scope = scopes.CreateScope();
        return [.. scope.ServiceProvider.GetServices<IScheduledJob>().Select(j => (j.Name, Interval(j)))];
    }

    private TimeSpan Interval(IScheduledJob job) =>
        configuration.GetValue<int?>($"Scheduler:Jobs:{job.Name}:IntervalSeconds") is { } seconds
            ? TimeSpan.FromSeconds(Math.Max(1, seconds))
            : job.Interval;

    /// <summary>Runs every registered job that is due now and free; the names of those this server ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var jobs = Jobs();
        await RegisterAsync(jobs, cancellationToken);
        var due = new List<string>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
            await SchedulingSql.QueryDue(new SqlBatch(db), clock.GetUtcNow().UtcDateTime, due).ReadAsync(cancellationToken);
        }
        var ran = new List<string>();
        foreach (var (name, interval) in jobs.Where(j => due.Contains(j.Name)))
        {
            if (await RunIfFreeAsync(name, interval, cancellationToken))
            {
                ran.Add(name);
            }
        }
        return ran;
    }

    /// <summary>Each job's row, due at once when it is new (a job first runs at the first poll after it is added).</summary>
    private async Task RegisterAsync(IReadOnlyList<(string Name, TimeSpan Interval)> jobs, CancellationToken cancellationToken)
    {
        if (_registered)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var batch = new SqlBatch(scope.ServiceProvider.GetRequiredService<TesseraDbContext>());
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (name, _) in jobs)
        {
            SchedulingSql.AddRegister(batch, name, now);
        }
        await batch.ExecuteAsync(cancellationToken);
        _registered = true;
    }

    private async Task<bool> RunIfFreeAsync(string name, TimeSpan interval, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        var claimed = (await SchedulingSql.AddClaim(new SqlBatch(db), name, Owner, (now + _lease).UtcDateTime, now.UtcDateTime).ExecuteAsync(cancellationToken))[0] == 1;
        if (!claimed)
        {
            return false;
        }
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(name, renewing.Token);
        string? error = null;
        try
        {
            await using var jobScope = scopes.CreateAsyncScope();
            var job = jobScope.ServiceProvider.GetServices<IScheduledJob>().First(j => j.Name == name);
            await job.RunAsync(now, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping: the job stays due, for whichever server polls next.
            await StopAsync(renewing, renewal);
            await ReleaseAsync(name);
            throw;
        }
#pragma warning disable CA1031 // A failing job must not stop the others; it runs again at its next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Scheduled job {Job} failed; it runs again in {Interval}", name, interval);
            error = Truncate(ex.Message, 1024);
        }
        await StopAsync(renewing, renewal);
        var finished = clock.GetUtcNow().UtcDateTime;
        var completed = (await SchedulingSql.AddComplete(new SqlBatch(db), name, Owner, finished + interval, finished, error).ExecuteAsync(cancellationToken))[0];
        if (completed == 0)
        {
            logger.LogWarning("Scheduled job {Job} outran its lease; another server may have run it too", name);
        }
        return true;
    }

    private static async Task StopAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync();
        await renewal;
    }

    /// <summary>Extends the lease every third of its length while the job runs.</summary>
    private async Task RenewAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 3, clock, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var batch = new SqlBatch(scope.ServiceProvider.GetRequiredService<TesseraDbContext>());
                await SchedulingSql.AddRenew(batch, name, Owner, (clock.GetUtcNow() + _lease).UtcDateTime).ExecuteAsync(cancellationToken);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
#pragma warning disable CA1031 // A lease that cannot be renewed expires; the job's own writes stay safe to repeat.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not renew the lease of scheduled job {Job}", name);
        }
    }

    private async Task ReleaseAsync(string name)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var batch = new SqlBatch(scope.ServiceProvider.GetRequiredService<TesseraDbContext>());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SchedulingSql.AddRelease(batch, name, Owner).ExecuteAsync(timeout.Token);
        }
#pragma warning disable CA1031 // Stopping: a lease not given back expires by itself.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogInformation(ex, "Scheduled job {Job} keeps its lease until it expires", name);
        }
    }
}
