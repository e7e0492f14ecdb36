using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// Runs the loyalty reviews that are due, every <c>Loyalty:ReviewIntervalSeconds</c> (60), in batches of 500 until
/// none is left; each review is claimed by its own conditional update (<see cref="LoyaltyService.ReviewDueAsync"/>).
/// </summary>
internal sealed class LoyaltyReviewJob(LoyaltyService loyalty, IConfiguration configuration, ILogger<LoyaltyReviewJob> logger) : IScheduledJob
{
    private const int Batch = 500;

    public string Name => "loyalty-review";

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Loyalty:ReviewIntervalSeconds", 60)));

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int reviewed;
        do
        {
            reviewed = await loyalty.ReviewDueAsync(Batch, cancellationToken);
            if (reviewed > 0)
            {
                logger.LogInformation("Reviewed {Count} loyalty levels", reviewed);
            }
        }
        while (reviewed == Batch);
    }
}
