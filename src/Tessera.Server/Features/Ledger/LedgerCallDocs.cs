using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Ledger;

/// <summary>The wallet and points calls for the OpenAPI document (spec "add-user-purchase-progress", "user-wallet-ledger").</summary>
public static class LedgerCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("add-user-purchase-progress", "Add (or with a negative amount remove) points or wallet money by hand", Credentials.Admin | Credentials.Privileged,
            [
                .. CommonParams.Member,
                Param.Int("campaign_id", "The wallet or points campaign.", required: true),
                Param.Number("amount", "The amount: money in the wallet's currency, or points.", required: true),
                Param.Text("log_message", "Why, shown in the member's ledger."),
            ]),
        new("user-wallet-ledger", "A member's wallet and points entries", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            [Param.Text("type", "wallet or points: which ledger."), .. CommonParams.Member, CommonParams.ChainId]),
    ];
}
