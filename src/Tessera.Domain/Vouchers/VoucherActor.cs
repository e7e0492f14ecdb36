namespace Tessera.Domain.Vouchers;

/// <summary>Who acts on a voucher: the member who owns it, or an admin or privileged client of its chain.</summary>
public enum VoucherActor
{
    Member,
    Admin,
    Privileged,
}
