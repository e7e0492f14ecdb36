using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;

namespace Tessera.Server.Features.Baskets;

/// <summary>A voucher applied to a basket: a basket voucher (with what it redeems), or an honour voucher.</summary>
public sealed class BasketVoucher(Voucher voucher, Campaign? campaign)
{
    public Voucher Voucher { get; set; } = voucher;
    public Campaign? Campaign { get; } = campaign;
    public long RedeemedCents { get; set; }

    /// <summary>Redeemed by this basket (claimed in its batch); the amount claimed, and the version it was read at.</summary>
    public bool Claimed { get; set; }
    public long ClaimedCents { get; set; }
    public int ReadVersion { get; set; }

    /// <summary>A new voucher for value refunded by a return in this basket (spec: regenerated_rewards).</summary>
    public Regenerated? RegeneratedFrom { get; set; }
}
