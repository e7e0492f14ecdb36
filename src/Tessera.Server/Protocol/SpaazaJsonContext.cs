using System.Text.Json.Serialization;
using Tessera.Server.Features.Businesses;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Sessions;

namespace Tessera.Server.Protocol;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(LoyaltyStatus))]
[JsonSerializable(typeof(Tessera.Server.Cli.BootstrapResult))]
[JsonSerializable(typeof(LoginResults))]
[JsonSerializable(typeof(LogoutResults))]
[JsonSerializable(typeof(CrossSiteTokenResults))]
[JsonSerializable(typeof(BusinessResults))]
[JsonSerializable(typeof(BusinessListResults))]
[JsonSerializable(typeof(AddUserResults))]
[JsonSerializable(typeof(UserInfoResults))]
[JsonSerializable(typeof(List<SearchedUser>))]
[JsonSerializable(typeof(NoteView))]
[JsonSerializable(typeof(DeletedNote))]
[JsonSerializable(typeof(LoyaltyLevelResults))]
[JsonSerializable(typeof(ExportResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Campaigns.CampaignResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Campaigns.CampaignListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Ledger.PurchaseProgressResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Ledger.WalletLedgerResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Campaigns.InteractionResults))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(Tessera.Server.Features.Vouchers.VoucherListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Vouchers.LegacyVoucherListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.WebhookResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.WebhookSecretResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.WebhookListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.WebhookDeletedResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.RedeliveryResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Webhooks.DeliveryListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.AdminView))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.AdminListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.AdminPasswordReset))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.AppView))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.AppListResults))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.IssuedKey))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.PrivilegedKeyView))]
[JsonSerializable(typeof(Tessera.Server.Features.Administration.PrivilegedKeyListResults))]
[JsonSerializable(typeof(List<Tessera.Server.Features.Administration.AdminView>))]
[JsonSerializable(typeof(List<Tessera.Server.Features.Administration.AppView>))]
[JsonSerializable(typeof(List<Tessera.Server.Features.Administration.PrivilegedKeyView>))]
internal sealed partial class SpaazaJsonContext : JsonSerializerContext
{
    /// <summary>The context with <see cref="SpaazaJson.Encoder"/>: text as characters (the attribute cannot set an encoder).</summary>
    public static SpaazaJsonContext Plain => PlainContext.Instance;

    /// <summary>Holds <see cref="Plain"/>, made on first use: the generated <c>Default</c> must exist before it.</summary>
    private static class PlainContext
    {
        internal static readonly SpaazaJsonContext Instance = new(new System.Text.Json.JsonSerializerOptions(Default.Options) { Encoder = SpaazaJson.Encoder });
    }
}
