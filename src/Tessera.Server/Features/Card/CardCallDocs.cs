using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Card;

/// <summary>The card calls for the OpenAPI document (spec "get-card", "get-user-vouchers").</summary>
public static class CardCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("get-card", "The member's card: vouchers, promotions, wallets, loyalty status, notes", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            [.. CommonParams.Member, CommonParams.ChainId]),
        new("get-user-vouchers", "A member's vouchers", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            [Param.Text("filter", "all: every voucher, redeemed and expired too; without it the usable ones."), .. CommonParams.Member, CommonParams.ChainId]),
    ];
}
