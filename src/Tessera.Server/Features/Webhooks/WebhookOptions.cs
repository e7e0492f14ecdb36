namespace Tessera.Server.Features.Webhooks;

/// <summary>The <c>Webhooks</c> section of the configuration (docs/webhooks.md lists them for operators).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Whether this server delivers (fans out, sends, retries). Endpoints can be managed either way; the delivery log's
    /// clean-up is a scheduled job (<see cref="WebhookLogCleanupJob"/>) that runs whichever server the scheduler picks.
    /// </summary>
    public bool Delivery { get; set; } = true;

    /// <summary>Endpoints on loopback, private, link-local and other non-public addresses (tests, local development).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>A 2xx answer within this time is a success; anything else is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A delivery still failing this long after it was made is marked failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait after the first failure; it doubles after each, up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An endpoint whose deliveries have failed without a success for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Finished deliveries and their log are removed after this.</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When set, dispatched events older than this are removed from the outbox (redelivery cannot reach further back).</summary>
    public TimeSpan? EventRetention { get; set; }

    /// <summary>How long a server waits before looking for work again when it found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The time between runs of the delivery log's clean-up (<c>webhook-log-cleanup</c>).</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim lasts: a server that dies holding it loses it then, and another server sends.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries claimed at once (and events fanned out at once).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Endpoints sent to at the same time by one server; each endpoint's deliveries go one after the other.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>The default and the longest grace period of a secret rotation.</summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan MaxRotationGrace { get; set; } = TimeSpan.FromDays(7);
}
