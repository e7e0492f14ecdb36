using Microsoft.Extensions.Options;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// The delivery loop of one server (when <c>Webhooks:Delivery</c> is on): fan out new events, claim due deliveries,
/// POST them (endpoints side by side, each endpoint's in event order), record the outcomes. The delivery log's clean-up is a scheduled job
/// (<see cref="WebhookLogCleanupJob"/>).
/// Any number of servers may run it on one PostgreSQL: claims keep them apart (ADR 0035).
/// </summary>
internal sealed class WebhookWorker(IServiceScopeFactory scopes, WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    /// <summary>Outcomes are written together, at most this many at a time (fewer round trips, little to resend after a crash).</summary>
    private const int RecordEvery = 20;

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Delivery)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook delivery failed; trying again shortly");
            }
            if (!busy)
            {
                try
                {
                    await Task.Delay(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: fan-out, claim, send, record. True when there may be more work right away.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        int fannedOut;
        IReadOnlyList<ClaimedDelivery> claimed;
        IReadOnlyDictionary<int, EndpointTarget> targets;
        var token = Guid.NewGuid().ToString("N");
        var leaseEnd = clock.GetUtcNow().UtcDateTime + Options.Lease;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var dispatcher = scope.ServiceProvider.GetRequiredService<WebhookDispatcher>();
            fannedOut = await dispatcher.FanOutAsync(cancellationToken);
            claimed = await dispatcher.ClaimAsync(token, leaseEnd, cancellationToken);
            if (claimed.Count == 0)
            {
                return fannedOut >= Options.BatchSize;
            }
            targets = await dispatcher.TargetsAsync(claimed.Select(c => c.EndpointId), cancellationToken);
        }
        // An endpoint deleted since the claim has no target: its deliveries went with it.
        var groups = claimed.GroupBy(c => c.EndpointId).Where(g => targets.ContainsKey(g.Key)).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxConcurrency), CancellationToken = cancellationToken },
            async (group, ct) => await SendGroupAsync(targets[group.Key], [.. group], token, leaseEnd, ct));
        return true;
    }

    /// <summary>One endpoint's claimed deliveries, one after the other in event order, while the lease leaves time for one more.</summary>
    private async Task SendGroupAsync(EndpointTarget target, IReadOnlyList<ClaimedDelivery> deliveries, string token, DateTime leaseEnd, CancellationToken cancellationToken)
    {
        var outcomes = new List<DeliveryOutcome>(RecordEvery);
        foreach (var delivery in deliveries)
        {
            // Past this point another server may take the claim over; what is left goes back when the lease ends.
            if (clock.GetUtcNow().UtcDateTime + Options.Timeout + TimeSpan.FromSeconds(5) > leaseEnd)
            {
                break;
            }
            outcomes.Add(await sender.SendAsync(delivery, target, cancellationToken));
            if (outcomes.Count == RecordEvery)
            {
                await RecordAsync(target.Id, outcomes, token, cancellationToken);
                outcomes.Clear();
            }
        }
        await RecordAsync(target.Id, outcomes, token, cancellationToken);
    }

    private async Task RecordAsync(int endpointId, List<DeliveryOutcome> outcomes, string token, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().RecordAsync(endpointId, [.. outcomes], token, cancellationToken);
    }
}
