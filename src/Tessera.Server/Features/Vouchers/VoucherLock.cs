namespace Tessera.Server.Features.Vouchers;

/// <summary>A voucher lock as get-basket-price takes it: until when, and to which codes (null: none).</summary>
public sealed record VoucherLock(DateTime Until, string? LockingCode, string? ExclusiveCode);
