namespace Tessera.Server.Features.Webhooks;

/// <summary>When a failed delivery is tried again: exponential backoff with jitter, within the delivery's retry window.</summary>
public static class WebhookBackoff
{
    /// <summary>
    /// The next attempt after <paramref name="failures"/> failures (1 after the first), or null when the window is over:
    /// base × 2^(failures-1), at most the maximum, of which a random half is taken off ("equal jitter"), so servers
    /// retrying after one outage spread out; never after the window's end, so the last try is at its end.
    /// </summary>
    public static DateTime? Next(DateTime createdAt, DateTime now, int failures, WebhookOptions options, Random random)
    {
        var windowEnd = createdAt + options.RetryWindow;
        if (now >= windowEnd)
        {
            return null;
        }
        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var full = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.RetryMaxDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds((full / 2) + (random.NextDouble() * full / 2));
        var at = now + delay;
        return at < windowEnd ? at : windowEnd;
    }
}
