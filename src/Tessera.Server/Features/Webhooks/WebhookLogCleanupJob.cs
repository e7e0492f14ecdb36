using Microsoft.Extensions.Options;
using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// Removes finished deliveries and their attempt log older than <c>Webhooks:LogRetention</c> (and, when
/// <c>Webhooks:EventRetention</c> is set, dispatched outbox events older than that), every
/// <c>Webhooks:CleanupInterval</c> (an hour), on one server at a time. Each statement only deletes rows past their
/// retention, so a run cut short is safe to repeat.
/// </summary>
internal sealed class WebhookLogCleanupJob(WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookLogCleanupJob> logger) : IScheduledJob
{
    public string Name => "webhook-log-cleanup";

    public TimeSpan Interval => options.Value.CleanupInterval;

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = await dispatcher.CleanupAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} old webhook rows", removed);
        }
    }
}
