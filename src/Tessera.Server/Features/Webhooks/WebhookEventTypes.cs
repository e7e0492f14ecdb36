using Tessera.Server.Features.Events;

namespace Tessera.Server.Features.Webhooks;

/// <summary>The event types an endpoint may take: the spec's webhook types, kept as a comma-separated list or <c>*</c> for all.</summary>
public static class WebhookEventTypes
{
    public const string All = "*";

    public static readonly IReadOnlyList<string> Known =
    [
        EventTypes.ShopperCreated, EventTypes.ShopperOptedIn, EventTypes.ShopperDeleted, EventTypes.ShopperLoyaltyLevelChanged,
        EventTypes.ShopperVoucherIssued, EventTypes.ShopperPointsMutation, EventTypes.ReceiptCreated,
    ];

    /// <summary>The stored form of a list sent by a caller (blank, <c>*</c> or <c>all</c>: every event); null when a name is not known.</summary>
    public static string? Normalize(string? sent, out string? unknown)
    {
        unknown = null;
        if (string.IsNullOrWhiteSpace(sent) || sent.Trim() is All or "all")
        {
            return All;
        }
        var names = sent.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        unknown = names.FirstOrDefault(n => !Known.Contains(n, StringComparer.Ordinal));
        return unknown is null && names.Count > 0 ? string.Join(",", names) : null;
    }

    public static bool Matches(string stored, string type) =>
        stored == All || stored.Split(',').Contains(type, StringComparer.Ordinal);

    public static IReadOnlyList<string> List(string stored) => stored == All ? [All] : stored.Split(',');
}
