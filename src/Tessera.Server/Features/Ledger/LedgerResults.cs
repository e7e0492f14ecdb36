using System.Text.Json.Nodes;

namespace Tessera.Server.Features.Ledger;

public sealed record UserPurchaseProgress(int Id, int UserId, int? CurrencyId, string Amount, string ProgressType, string? LogMessage, string CreatedDate, int? MutationOwnerId);

public sealed record PurchaseProgressResults(string ResultMethod, string Username, Dictionary<string, string> Params, UserPurchaseProgress UserPurchaseProgress);

public sealed record WalletLedgerResults(string Type, List<JsonObject> Ledger);
