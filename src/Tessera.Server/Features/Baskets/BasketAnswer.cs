using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>A basket call's results as JSON (written once: add-basket stores the same text for its replays) and its warnings.</summary>
public sealed record BasketAnswer(byte[] Utf8Json, IReadOnlyList<ApiWarning> Warnings)
{
    /// <summary>The answer of a basket stored before: nothing was stored now.</summary>
    public bool Replayed { get; init; }

    /// <summary>An answer stored as text (a replay's).</summary>
    public BasketAnswer(string json, IReadOnlyList<ApiWarning> warnings) : this(System.Text.Encoding.UTF8.GetBytes(json), warnings)
    {
    }
}
