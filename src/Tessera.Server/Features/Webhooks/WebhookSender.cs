using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// One POST of a delivery: the event's stored body byte for byte, signed (docs/webhooks.md): <c>X-Spaaza-Hmac-SHA256</c>
/// over the body as the spec says, and <c>X-Tessera-Signature</c> over timestamp + "." + body against replays.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const string SpaazaSignatureHeader = "X-Spaaza-Hmac-SHA256";
    public const string SignatureHeader = "X-Tessera-Signature";
    public const string TimestampHeader = "X-Tessera-Timestamp";
    public const string DeliveryIdHeader = "X-Tessera-Delivery-Id";
    public const string EventIdHeader = "X-Tessera-Event-Id";
    public const string EventTypeHeader = "X-Tessera-Event-Type";
    public const string AttemptHeader = "X-Tessera-Attempt";
    private const int ExcerptBytes = 512;
    private long _sent;

    /// <summary>POSTs this server has made (whatever their outcome).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, EndpointTarget target, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var stamped = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, stamped);
        stamped[timestamp.Length] = (byte)'.';
        body.CopyTo(stamped, timestamp.Length + 1);

        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SpaazaSignatureHeader, string.Join(",", target.Secrets.Select(s => WebhookSecrets.Sign(s, body))));
        request.Headers.TryAddWithoutValidation(SignatureHeader, string.Join(",", target.Secrets.Select(s => WebhookSecrets.Sign(s, stamped))));
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(DeliveryIdHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(EventIdHeader, delivery.EventId.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(EventTypeHeader, delivery.EventType);
        request.Headers.TryAddWithoutValidation(AttemptHeader, (delivery.Attempts + 1).ToString(CultureInfo.InvariantCulture));
        request.Headers.UserAgent.ParseAdd("Tessera-Webhooks/1.0");

        Interlocked.Increment(ref _sent);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and <= 299;
            return new DeliveryOutcome(delivery, now.UtcDateTime, status, ok, Elapsed(started), ok ? null : $"HTTP {status}", excerpt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(delivery, now.UtcDateTime, null, false, Elapsed(started), $"no answer within {options.Value.Timeout.TotalSeconds:0.###} s", null);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(delivery, now.UtcDateTime, null, false, Elapsed(started), WebhookDispatcher.Truncate(Message(ex), 500), null);
        }
    }

    /// <summary>The first bytes of the answer as text (a 2xx read within the timeout is a success even if its body is cut).</summary>
    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        try
        {
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }
        }
        catch (IOException)
        {
            // The answer's status counts; a body cut short is only less to log.
        }
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Replace('\0', ' ');
    }

    private static string Message(HttpRequestException ex) => ex.InnerException is { } inner && inner is not HttpRequestException
        ? $"{ex.Message} {inner.Message}"
        : ex.Message;

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}
