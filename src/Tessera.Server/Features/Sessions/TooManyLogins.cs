using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Sessions;

/// <summary>
/// The answer to a login that must wait: 307 too_many_failed_logins with the catalogue's HTTP status (403), the wait in
/// whole seconds in the error's <c>message.retry_after_seconds</c> and in a <c>Retry-After</c> header.
/// </summary>
public static class TooManyLogins
{
    private const string RetryAfterField = "retry_after_seconds";

    public static ApiFailure Failure(TimeSpan wait) =>
        ErrorCodes.TooManyFailedLogins.With(new JsonObject { [RetryAfterField] = Seconds(wait) });

    /// <summary>Sets <c>Retry-After</c> when <paramref name="failure"/> is one of these.</summary>
    public static void AddRetryAfter(HttpResponse response, ApiFailure? failure)
    {
        if (failure?.Error == ErrorCodes.TooManyFailedLogins && failure.Message is JsonObject extra && extra[RetryAfterField] is JsonValue seconds)
        {
            response.Headers.RetryAfter = seconds.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        }
    }

    private static long Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}
