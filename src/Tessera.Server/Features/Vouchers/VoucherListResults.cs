using System.Text.Json.Nodes;

namespace Tessera.Server.Features.Vouchers;

/// <summary>The results of get-vouchers: the count of all matches and one page of them.</summary>
public sealed record VoucherListResults(int ResultsCountTotal, List<JsonObject> Vouchers);
