namespace Tessera.Domain.Vouchers;

/// <summary>Why a voucher named in a confirmed basket is not redeemed; the server answers each with a warning.</summary>
public enum RedemptionRefusal
{
    None,
    NotFound,
    NotClaimed,
    AlreadyRedeemed,
    Expired,
    LockedToAnotherCode,
}
