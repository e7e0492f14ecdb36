using Tessera.Server.Features.Administration;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Businesses;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Card;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.LevelUp;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Receipts;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Features.Webhooks;

namespace Tessera.Server.Features.ApiReference;

/// <summary>Every call's <see cref="CallDoc"/>, by endpoint name: each feature's <c>…CallDocs</c> list.</summary>
public static class CallCatalogue
{
    private static readonly Dictionary<string, CallDoc> Calls = new IEnumerable<CallDoc>[]
    {
        SessionCallDocs.All,
        BusinessCallDocs.All,
        MemberCallDocs.All,
        LedgerCallDocs.All,
        VoucherCallDocs.All,
        CampaignCallDocs.All,
        CardCallDocs.All,
        BasketCallDocs.All,
        LevelUpCallDocs.All,
        WebhookCallDocs.All,
        ReceiptCallDocs.All,
        AdministrationCallDocs.All,
    }.SelectMany(calls => calls).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static CallDoc? Find(string endpointName) => Calls.GetValueOrDefault(endpointName);

    public static IReadOnlyCollection<CallDoc> All => Calls.Values;
}
