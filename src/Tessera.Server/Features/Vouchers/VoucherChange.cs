using Tessera.Domain.Vouchers;

namespace Tessera.Server.Features.Vouchers;

/// <summary>A change of a voucher's status or lock, as the endpoint asked for it.</summary>
public sealed record VoucherChange(VoucherAction Action, int LockSeconds = VoucherRules.DefaultLockSeconds, string? LockingCode = null, string? RetailerBasketCode = null);
