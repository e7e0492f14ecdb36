namespace Tessera.Server.Features.Campaigns;

/// <summary>Runs the loyalty reviews that are due, every <c>Loyalty:ReviewIntervalSeconds</c> (60).</summary>
internal sealed class LoyaltyReviewWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<LoyaltyReviewWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Loyalty:ReviewIntervalSeconds", 60);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Loyalty review failed; retrying at the next tick");
            }
        }
    }
}
