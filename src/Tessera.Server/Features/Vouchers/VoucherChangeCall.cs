using Tessera.Server.Auth;
using Tessera.Server.Data;

namespace Tessera.Server.Features.Vouchers;

/// <summary>What every voucher state change (claim-, unclaim-, lock-, unlock-, expire-, delete-voucher) is called with.</summary>
public readonly record struct VoucherChangeCall(
    HttpRequest Request, Caller Caller, TesseraDbContext Db, VoucherService Vouchers, TimeProvider Clock, CancellationToken Ct);
