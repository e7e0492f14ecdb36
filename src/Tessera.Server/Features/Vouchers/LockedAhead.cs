namespace Tessera.Server.Features.Vouchers;

/// <summary>A voucher locked by <see cref="VoucherSql.AddClaimedLockingAhead"/>: its version now, and its lock as it was.</summary>
public sealed record LockedAhead(long Id, int Version, DateTime? OldUntil, string? OldLockingCode, string? OldExclusiveCode);
