using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Receipts;

/// <summary>
/// A shop for receipts: <see cref="ShopSetup"/>'s wallet, 10% cashback and member, a points wallet, two branches, the
/// receipts service on with a logo, and helpers to buy, return and read receipts as a member, admin or privileged client.
/// </summary>
internal sealed record ReceiptShop(ShopSetup Shop, int BranchA, int BranchB)
{
    public const string MemberPassword = "member-secret";
    public const string ItemsWithDetails = """[{"item_barcode":"111","retailer_product_code":"SHORTS-1","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00,"item_name":"ACME shorts","item_description":"the best pair you can buy","item_category":"shorts","item_colour":"blue","item_size":"L"},{"item_barcode":"222","retailer_product_code":"TEE-1","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00,"item_name":"Best tee","item_category":"T-shirt"}]""";

    public TestChain Chain => Shop.Chain;

    public static async Task<ReceiptShop> CreateAsync(TesseraApp app, bool active = true, string? logoUrl = null)
    {
        var shop = await ShopSetup.CreateAsync(app);
        using var admin = await shop.Chain.AdminClientAsync();
        (await CampaignTests.AddCampaignAsync(admin, shop.Chain.ChainId, """{"type":"points_wallet","title":"Stars"}""")).GetProperty("id").GetInt32();
        var a = await BranchAsync(admin, shop.Chain.ChainId, "Cape Town", "CT1");
        var b = await BranchAsync(admin, shop.Chain.ChainId, "Waterfront", "WF2");
        var settings = await admin.PutAsync("/internal/alter-receipt-settings", ("chain_id", Id(shop.Chain.ChainId)), ("receipts_service_active", active ? "true" : "false"),
            ("email", "support@acme.test"), ("website_url", "https://acme.test"), ("logo_url", logoUrl ?? ""), ("subject", "Your ACME receipt"), ("background_color", "#1F6FEB"));
        settings.AssertOk("alter-receipt-settings");
        return new ReceiptShop(shop, a, b);
    }

    private static async Task<int> BranchAsync(SpaazaClient admin, int chainId, string name, string code)
    {
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(chainId)), ("name", name), ("owner_code", code), ("address_1", "1 Table Mountain Drive"),
            ("towncity", "Cape Town"), ("countrycode", "ZA"), ("latitude", "-33.962822"), ("longitude", "18.409841"), ("email_address", "shop@acme.test"));
        added.AssertOk("add-business");
        return added.Results.GetProperty("business").GetProperty("id").GetInt32();
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stores a basket for the shop's member (or <paramref name="memberNumber"/>'s) at a branch; the add-basket answer.</summary>
    public async Task<SpaazaResponse> BuyAsync(string code, string items = ItemsWithDetails, decimal total = 100.00m, string branchCode = "CT1", string? memberNumber = "", string extra = "")
    {
        var body = BasketCalls.Edit(Shop.Basket(code, items, memberNumber, total, extra), b => b["entity"]!["branch_business_owner_code"] = branchCode);
        var response = await BasketCalls.AddAsync(Shop, body);
        response.AssertOk("add-basket");
        return response;
    }

    /// <summary>A client of the member's own session with the services headers.</summary>
    public async Task<SpaazaClient> MemberClientAsync(Tessera.Server.Data.Entities.User? member = null)
    {
        var client = await Chain.LoginAsync((member ?? Shop.Member).Username, MemberPassword, withApp: true);
        return client.Header("Session-Chain-Id", Id(Chain.ChainId));
    }

    public SpaazaClient PrivilegedServicesClient() => Chain.App.Client().Bearer(Chain.PrivilegedKey).Header("Session-Chain-Id", Id(Chain.ChainId));

    public static async Task<JsonElement> ReceiptsAsync(SpaazaClient client, int shopperId)
    {
        var response = await client.GetAsync("/receipts", ("shopper_id", Id(shopperId)));
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, response.Body);
        var list = JsonDocument.Parse(response.Body).RootElement.Clone();
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        return list;
    }

    /// <summary>
    /// A receipt sample less its <c>id</c>: the samples show a number, but the field table says the id is the selling
    /// system's own (the retailer basket code, a string); the tests check that field apart (docs/spec-choices.md).
    /// </summary>
    public static JsonElement WithoutId(JsonElement sample)
    {
        var copy = JsonNode.Parse(sample.GetRawText())!.AsObject();
        copy.Remove("id");
        return JsonDocument.Parse(copy.ToJsonString()).RootElement.Clone();
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
