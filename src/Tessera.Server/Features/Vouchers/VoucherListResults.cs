using System.Text.Json.Nodes;

namespace Tessera.Server.Features.Vouchers;

/// <summary>The results of get-vouchers: the count of all matches and one page of them.</summary>
public sealed record VoucherListResults(int ResultsCountTotal, List<JsonObject> Vouchers);

/// <summary>get-vouchers for clients below 1.4.2, whose array was still named <c>basket_vouchers</c> (spec L3209-3213).</summary>
public sealed record LegacyVoucherListResults(int ResultsCountTotal, List<JsonObject> BasketVouchers);
