namespace Tessera.Server.Features.Campaigns;

/// <summary>Runs the loyalty reviews that are due, every <c>Loyalty:ReviewIntervalSeconds</c> (60).</summary>
internal sealed class LoyaltyReviewWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<LoyaltyReviewWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Loyalty:ReviewIntervalSeconds", 60);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReviewAsync(stoppingToken);
            }
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping: a review cut short (whatever the driver threw for it) is done at the next start,
            // since each member's review commits on its own. Not a failure, so the worker ends without an error.
            logger.LogInformation("Loyalty reviews stopped with the server ({Reason})", ex.GetType().Name);
        }
    }

    private async Task ReviewAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var reviewed = await scope.ServiceProvider.GetRequiredService<LoyaltyService>().ReviewDueAsync(500, stoppingToken);
            if (reviewed > 0)
            {
                logger.LogInformation("Reviewed {Count} loyalty levels", reviewed);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Loyalty review failed; retrying at the next tick");
        }
    }
}
