using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Webhooks;

/// <summary>The fields of add-webhook and alter-webhook as sent; null: not sent (alter leaves it as it is).</summary>
public sealed record WebhookInput(string? Url, string? EventTypes, bool? Active)
{
    public const int MaxUrlLength = 2048;

    public static WebhookInput Read(SpaazaParams p)
    {
        var url = p.Text("url", MaxUrlLength, ErrorCodes.StringParameterTooLong);
        string? types = null;
        if (p.Has("event_types"))
        {
            types = WebhookEventTypes.Normalize(p.Text("event_types"), out var unknown);
            if (types is null)
            {
                p.Fail(ErrorCodes.ParameterNotInWhitelist.With(
                    $"event_types must be * or a comma-separated list of: {string.Join(", ", WebhookEventTypes.Known)}" + (unknown is null ? "" : $" (not '{unknown}')")));
            }
        }
        return new WebhookInput(url, types, p.Bool("active"));
    }
}
