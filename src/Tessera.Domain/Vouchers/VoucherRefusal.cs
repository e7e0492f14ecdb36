namespace Tessera.Domain.Vouchers;

/// <summary>Why an action is refused; the server maps each to the spec's code.</summary>
public enum VoucherRefusal
{
    None,
    AlreadyClaimed,
    AlreadyRedeemed,
    WrongStatus,
    Expired,
    LockedForMember,
    LockedForMemberDelete,
}
