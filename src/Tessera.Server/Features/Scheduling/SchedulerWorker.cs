namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// Polls for due jobs every <c>Scheduler:PollSeconds</c> (10) on the injected clock, unless <c>Scheduler:Enabled</c>
/// is false (then jobs run only when something calls <see cref="JobScheduler.RunDueAsync"/>). Stopping the host
/// cancels the run in progress quietly: its job stays due for the next server.
/// </summary>
internal sealed class SchedulerWorker(JobScheduler scheduler, TimeProvider clock, IConfiguration configuration, ILogger<SchedulerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Scheduler:Enabled", true))
        {
            return;
        }
        var poll = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Scheduler:PollSeconds", 10)));
        try
        {
            // Let the host finish starting before the first poll.
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await scheduler.RunDueAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "The scheduler could not poll its jobs; it tries again in {Poll}", poll);
                }
                await Task.Delay(poll, clock, stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
