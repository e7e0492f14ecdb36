using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Webhooks;

/// <summary>The fields of add-webhook and alter-webhook as sent; null: not sent (alter leaves it as it is).</summary>
public sealed record WebhookInput(string? Url, string? EventTypes, bool? Active)
{
    public const int MaxUrlLength = 2048;

    /// <summary>The fields as the API reads them; a refusal is left in <paramref name="p"/>.</summary>
    public static WebhookInput Read(SpaazaParams p)
    {
        var url = p.Text("url");
        var types = p.Has("event_types") ? p.Text("event_types") ?? "" : null;
        var input = Create(url, types, p.Bool("active"));
        if (input.Failure is { } failure)
        {
            p.Fail(failure);
        }
        return input.Value ?? new WebhookInput(null, null, null);
    }

    /// <summary>The fields as sent (<paramref name="eventTypes"/> null: not sent), with the event types in their stored form.</summary>
    public static Outcome<WebhookInput> Create(string? url, string? eventTypes, bool? active)
    {
        if (url is { Length: > MaxUrlLength })
        {
            return ErrorCodes.StringParameterTooLong.With($"url must be {MaxUrlLength} characters or less");
        }
        string? types = null;
        if (eventTypes is not null)
        {
            types = WebhookEventTypes.Normalize(eventTypes, out var unknown);
            if (types is null)
            {
                return ErrorCodes.ParameterNotInWhitelist.With(
                    $"event_types must be * or a comma-separated list of: {string.Join(", ", WebhookEventTypes.Known)}" + (unknown is null ? "" : $" (not '{unknown}')"));
            }
        }
        return new WebhookInput(url, types, active);
    }
}
