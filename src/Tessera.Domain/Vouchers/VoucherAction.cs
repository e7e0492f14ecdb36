namespace Tessera.Domain.Vouchers;

public enum VoucherAction
{
    Claim,
    Unclaim,
    Lock,
    Unlock,
    Expire,
    Delete,
}
