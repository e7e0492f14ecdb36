using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>Who and where a basket is for: the chain (with its active campaigns), branch, member, currency and country.</summary>
public sealed record BasketScope(ChainCampaigns Campaigns, Business? Branch, User? Member, CurrencyInfo Currency, string? CountryCode, IReadOnlyList<ApiWarning> Warnings)
{
    public Chain Chain => Campaigns.Chain;

    /// <summary>
    /// The shopper's member, read by the caller (in its first round trip) from <see cref="BasketScopes.MemberMatch"/>:
    /// an obfuscated (deleted) member shops anonymously; the country falls back to the member's last.
    /// </summary>
    public BasketScope WithMember(User? found)
    {
        var member = found is { Obfuscated: false } ? found : null;
        return this with { Member = member, CountryCode = CountryCode ?? member?.CountryCode };
    }
}
