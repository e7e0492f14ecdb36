namespace Tessera.Domain.Vouchers;

public enum VoucherStatus
{
    Generated,
    Claimed,
    Redeemed,
}
