using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Tenancy.CrossChainWorld;

namespace Tessera.Server.Tests.Tenancy;

/// <summary>
/// For every call that names an object by id, key or code, chain A's callers get for chain B's object exactly the
/// answer they get for an object that does not exist: nothing tells them what other chains hold.
/// </summary>
public sealed class CrossChainAnswerTests
{
    private static readonly string[] Everyone = ["admin", "privileged", "member"];
    private static readonly string[] Staff = ["admin", "privileged"];

    /// <summary>Runs <paramref name="call"/> as each of <paramref name="callers"/> with B's object and with nothing.</summary>
    private static async Task ProbeAsync(string engine, string[] callers, Func<CrossChainWorld, string> othersId, string missingId,
        Func<SpaazaClient, CrossChainWorld, string, Task<SpaazaResponse>> call, string? resultPart = null)
    {
        var world = await OfAsync(engine);
        foreach (var kind in callers)
        {
            using var client = await world.CallerAsync(kind);
            await AssertSameAsMissingAsync(id => call(client, world, id), othersId(world), missingId, resultPart);
        }
    }

    private static Task VoucherChangeAsync(string engine, string[] callers, HttpMethod method, string path, params (string, string)[] extra) =>
        Task.WhenAll(
            ProbeAsync(engine, callers, w => Id(w.VoucherB.Id), Missing, (c, _, id) => c.SendAsync(method, path, [("voucher_id", id), .. extra])),
            ProbeAsync(engine, callers, w => w.VoucherB.Key, MissingKey, (c, _, key) => c.SendAsync(method, path, [("voucher_key", key), .. extra])));

    // ---- vouchers

    [Theory, AllEngines]
    public Task Claim_voucher(string engine) => VoucherChangeAsync(engine, Everyone, HttpMethod.Post, "/claim-voucher");

    [Theory, AllEngines]
    public Task Unclaim_voucher(string engine) => VoucherChangeAsync(engine, Everyone, HttpMethod.Post, "/unclaim-voucher");

    [Theory, AllEngines]
    public Task Lock_voucher(string engine) => VoucherChangeAsync(engine, Everyone, HttpMethod.Put, "/lock-voucher");

    [Theory, AllEngines]
    public Task Unlock_voucher(string engine) => VoucherChangeAsync(engine, Staff, HttpMethod.Put, "/unlock-voucher");

    [Theory, AllEngines]
    public Task Expire_voucher(string engine) => VoucherChangeAsync(engine, Everyone, HttpMethod.Post, "/expire-voucher");

    [Theory, AllEngines]
    public Task Delete_voucher(string engine) => VoucherChangeAsync(engine, Everyone, HttpMethod.Delete, "/delete-voucher");

    [Theory, AllEngines]
    public async Task Create_voucher(string engine)
    {
        await ProbeAsync(engine, ["privileged"], w => Id(w.B.Member.Id), Missing,
            (c, w, id) => c.PostAsync("/create-voucher", ("user_id", id), ("campaign_id", Id(w.A.VoucherCampaign)), ("voucher_amount", "1.00")));
        await ProbeAsync(engine, ["admin"], w => Id(w.B.Member.Id), Missing,
            (c, w, id) => c.PostAsync("/create-voucher", ("user_id", id), ("campaign_id", Id(w.A.VoucherCampaign)), ("voucher_amount", "1.00")));
        await ProbeAsync(engine, Everyone, w => Id(w.B.VoucherCampaign), Missing,
            (c, w, id) => c.PostAsync("/create-voucher", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", Id(w.A.Member.Id)), ("campaign_id", id), ("voucher_amount", "1.00")));
    }

    [Theory, AllEngines]
    public Task Get_user_vouchers(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.GetAsync("/get-user-vouchers", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));

    [Theory, AllEngines]
    public async Task Get_vouchers(string engine)
    {
        await ProbeAsync(engine, Staff, w => Id(w.B.VoucherCampaign), Missing, (c, w, id) => c.GetAsync("/get-vouchers", ("chain_id", Id(w.A.Chain.ChainId)), ("campaign_id", id)));
        await ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.GetAsync("/get-vouchers", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));
        await ProbeAsync(engine, Staff, w => Id(w.B.Chain.ChainId), Missing, (c, _, id) => c.GetAsync("/get-vouchers", ("chain_id", id)));
    }

    // ---- members

    [Theory, AllEngines]
    public async Task Get_user(string engine)
    {
        await ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.GetAsync("/internal/get-user", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));
        await ProbeAsync(engine, Staff, w => w.B.Member.Username, "nobody-" + Guid.NewGuid().ToString("N") + "@example.test",
            (c, w, name) => c.GetAsync("/internal/get-user", ("chain_id", Id(w.A.Chain.ChainId)), ("username", name)));
        await ProbeAsync(engine, Staff, w => w.B.MemberNumber, "no-such-number-" + Guid.NewGuid().ToString("N")[..8],
            (c, w, number) => c.GetAsync("/internal/get-user", ("chain_id", Id(w.A.Chain.ChainId)), ("member_number", number)));
    }

    [Theory, AllEngines]
    public Task Alter_user(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.PutAsync("/internal/alter-user", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id), ("first_name", "Hijacked")));

    [Theory, AllEngines]
    public Task Delete_user(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.DeleteAsync("/delete-user", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));

    [Theory, AllEngines]
    public Task Get_card(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.GetAsync("/get-card", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));

    [Theory, AllEngines]
    public Task User_wallet_ledger(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, w, id) => c.GetAsync("/user-wallet-ledger", ("chain_id", Id(w.A.Chain.ChainId)), ("user_id", id)));

    [Theory, AllEngines]
    public Task Add_user_note(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing, (c, _, id) => c.PostAsync("/internal/add-user-note", ("user_id", id), ("text", "Probe")));

    [Theory, AllEngines]
    public Task Delete_user_note(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.NoteB), Missing, (c, _, id) => c.DeleteAsync("/internal/delete-user-note", ("user_note_id", id)));

    [Theory, AllEngines]
    public async Task Alter_loyalty_level(string engine)
    {
        await ProbeAsync(engine, ["admin"], w => Id(w.LevelB), Missing,
            (c, w, id) => c.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(w.A.Member.Id)), ("loyalty_level_id", id)));
        await ProbeAsync(engine, ["admin"], w => Id(w.B.Member.Id), Missing,
            (c, w, id) => c.PutAsync("/auth/alter-loyalty-level", ("user_id", id), ("loyalty_level_id", Id(w.LevelA))));
    }

    [Theory, AllEngines]
    public async Task Session_for_a_member(string engine)
    {
        await ProbeAsync(engine, ["privileged"], w => Id(w.B.Member.Id), Missing, (c, _, id) => c.PostAsync("/auth/session", ("user_id", id)));
        await ProbeAsync(engine, ["privileged"], w => w.B.Member.Username, "nobody-" + Guid.NewGuid().ToString("N") + "@example.test",
            (c, _, name) => c.PostAsync("/auth/session", ("username", name)));
        await ProbeAsync(engine, ["privileged"], w => w.B.MemberNumber, "no-such-number-" + Guid.NewGuid().ToString("N")[..8],
            (c, _, number) => c.PostAsync("/auth/session", ("member_number", number)));
    }

    [Theory, AllEngines]
    public Task Search_users(string engine) =>
        ProbeAsync(engine, ["admin"], w => w.B.Member.Username, "nobody-" + Guid.NewGuid().ToString("N") + "@example.test",
            (c, w, name) => c.PostAsync("/search/users", ("chain_id", Id(w.A.Chain.ChainId)), ("query", name)));

    [Theory, AllEngines]
    public Task Add_user_in_another_chain(string engine) =>
        ProbeAsync(engine, ["admin"], w => Id(w.B.Chain.ChainId), Missing,
            (c, _, id) => c.PostAsync("/internal/add-user", ("chain_id", id), ("username", $"probe-{Guid.NewGuid():N}@example.test"), ("password", "probe-secret")));

    [Theory, AllEngines]
    public Task Export_of_another_chain(string engine) =>
        ProbeAsync(engine, ["admin"], w => Id(w.B.Chain.ChainId), Missing, (c, _, id) => c.PostAsync("/auth/export", ("export_entity", "user"), ("chain_id", id)));

    // ---- campaigns and the ledger

    [Theory, AllEngines]
    public Task Get_campaign(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Cashback), Missing, (c, _, id) => c.GetAsync("/internal/get-campaign", ("campaign_id", id)));

    [Theory, AllEngines]
    public Task Alter_campaign(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Cashback), Missing, (c, _, id) => c.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{id}},"title":"Hijacked"}"""));

    [Theory, AllEngines]
    public Task Delete_campaign(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Cashback), Missing, (c, _, id) => c.DeleteAsync("/internal/delete-campaign", ("campaign_id", id)));

    [Theory, AllEngines]
    public Task Get_campaigns(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Chain.ChainId), Missing, (c, _, id) => c.GetAsync("/internal/get-campaigns", ("chain_id", id)));

    [Theory, AllEngines]
    public Task Add_campaign_in_another_chain(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.B.Chain.ChainId), Missing,
            (c, _, id) => c.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{id}},"type":"wallet","title":"Intruder"}"""));

    [Theory, AllEngines]
    public Task Interact_campaign(string engine) =>
        ProbeAsync(engine, ["member"], w => Id(w.B.VoucherCampaign), Missing, (c, _, id) => c.GetAsync("/interact-campaign", ("campaign_id", id)));

    [Theory, AllEngines]
    public async Task Add_user_purchase_progress(string engine)
    {
        await ProbeAsync(engine, Staff, w => Id(w.B.Wallet), Missing,
            (c, w, id) => c.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(w.A.Member.Id)), ("campaign_id", id), ("amount", "1.00"), ("log_message", "probe")));
        await ProbeAsync(engine, Staff, w => Id(w.B.Member.Id), Missing,
            (c, w, id) => c.PostAsync("/auth/add-user-purchase-progress", ("user_id", id), ("campaign_id", Id(w.A.Wallet)), ("amount", "1.00"), ("log_message", "probe")));
    }

    // ---- businesses

    [Theory, AllEngines]
    public Task Alter_business(string engine) =>
        ProbeAsync(engine, Staff, w => Id(w.BusinessB), Missing, (c, _, id) => c.PutAsync("/internal/alter-business", ("business_id", id), ("name", "Hijacked")));

    [Theory, AllEngines]
    public async Task Get_and_add_businesses(string engine)
    {
        await ProbeAsync(engine, Staff, w => Id(w.B.Chain.ChainId), Missing, (c, _, id) => c.GetAsync("/internal/get-businesses", ("chain_id", id)));
        await ProbeAsync(engine, Staff, w => Id(w.B.Chain.ChainId), Missing, (c, _, id) => c.PostAsync("/internal/add-business", ("chain_id", id), ("name", "Intruder")));
    }

    // ---- baskets and returns (privileged clients send them); the answers differ only in the new basket's own ids

    private static Task BasketProbeAsync(string engine, Func<CrossChainWorld, string> othersId, string missingId, Func<CrossChainWorld, string, string> body) =>
        Task.WhenAll(
            ProbeAsync(engine, ["privileged"], othersId, missingId, (c, w, id) => c.SendJsonAsync(HttpMethod.Post, BasketCalls.GetBasketPrice, body(w, id)), resultPart: ""),
            ProbeAsync(engine, ["privileged"], othersId, missingId, (c, w, id) => c.SendJsonAsync(HttpMethod.Post, BasketCalls.AddBasket, body(w, id)), resultPart: ""));

    [Theory, AllEngines]
    public Task Basket_naming_another_chains_member(string engine) =>
        BasketProbeAsync(engine, w => w.B.MemberNumber, "no-such-number", (w, number) => w.A.Basket(BasketCalls.Code(), ShopSetup.TwoItems, memberNumber: number));

    [Theory, AllEngines]
    public async Task Basket_naming_another_chains_voucher(string engine)
    {
        await BasketProbeAsync(engine, w => w.VoucherB.Key, MissingKey,
            (w, key) => w.A.Basket(BasketCalls.Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));
        await BasketProbeAsync(engine, w => Id(w.VoucherB.Id), Missing,
            (w, id) => w.A.Basket(BasketCalls.Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_id":{{id}}}]"""));
    }

    [Theory, AllEngines]
    public Task Basket_naming_another_chains_branch(string engine) =>
        BasketProbeAsync(engine, w => Id(w.BusinessB), Missing, (w, id) => BasketCalls.Edit(w.A.Basket(BasketCalls.Code(), ShopSetup.TwoItems), b =>
        {
            b["basket"]!["basket_platform_type"] = "in_store";
            b["entity"]!["branch_business_id"] = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        }));

    [Theory, AllEngines]
    public Task Basket_for_another_chains_entity(string engine) =>
        BasketProbeAsync(engine, w => Id(w.B.Chain.ChainId), Missing, (w, id) => BasketCalls.Edit(w.A.Basket(BasketCalls.Code(), ShopSetup.TwoItems),
            b => b["entity"]!["entity_id"] = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory, AllEngines]
    public Task Basket_returning_a_line_of_another_chains_basket(string engine) =>
        BasketProbeAsync(engine, w => w.BasketCodeB, "no-such-basket-code", (w, code) => w.A.Basket(BasketCalls.Code(),
            $$"""[{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{code}}"}]""", total: -30m));

    [Theory, AllEngines]
    public async Task Standalone_return(string engine)
    {
        static string Return(CrossChainWorld w, string original) =>
            $$$"""{"entity":{"entity_type":"chain","entity_id":{{{w.A.Chain.ChainId}}}},"return":{"return_owner_code":"{{{BasketCalls.Code()}}}",{{{original}}},"items":[{"item_barcode":"111","item_quantity":1,"item_price":-30.00}]}}""";
        await ProbeAsync(engine, ["privileged"], w => Id(w.BasketIdB), Missing,
            (c, w, id) => c.SendJsonAsync(HttpMethod.Post, "/auth/return", Return(w, $"\"original_basket_id\":{id}")), resultPart: "");
        await ProbeAsync(engine, ["privileged"], w => w.BasketCodeB, "no-such-basket-code",
            (c, w, code) => c.SendJsonAsync(HttpMethod.Post, "/auth/return", Return(w, $"\"original_retailer_basket_code\":\"{code}\"")), resultPart: "");
    }

    // ---- LevelUp

    [Theory, AllEngines]
    public async Task Progress_adjustments(string engine)
    {
        var world = await OfAsync(engine);
        using var anonymous = world.A.Chain.App.Client();
        var token = await MerchantTokenAsync(anonymous, world.A.Chain);

        async Task<SpaazaResponse> Adjust(int campaignId, int userId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v15/progress_adjustments")
            {
                Content = JsonContent.Create(new JsonObject { ["progress_adjustment"] = new JsonObject { ["adjustment"] = 1, ["campaign_id"] = campaignId, ["user_id"] = userId } }),
            };
            request.Headers.TryAddWithoutValidation("Authorization", $"token merchant=\"{token}\"");
            using var response = await anonymous.Http.SendAsync(request);
            return new SpaazaResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), null);
        }

        using var adminA = await world.CallerAsync("admin");
        var progressA = (await Campaigns.CampaignTests.AddCampaignAsync(adminA, world.A.Chain.ChainId,
            $$"""{"type":"progress","title":"Visits","progress_unit":"visits","target":5,"reward_money":5,"recipient_campaign_id":{{world.A.Wallet}}}""")).GetProperty("id").GetInt32();
        var missing = int.Parse(Missing, System.Globalization.CultureInfo.InvariantCulture);
        await AssertSameAsMissingAsync(id => Adjust(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), world.A.Member.Id), Id(world.ProgressCampaignB), Missing);
        await AssertSameAsMissingAsync(id => Adjust(progressA, int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)), Id(world.B.Member.Id), Missing);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Adjust(missing, world.A.Member.Id)).Status);
    }

    private static async Task<string> MerchantTokenAsync(SpaazaClient client, TestChain chain)
    {
        var body = new JsonObject { ["access_token"] = new JsonObject { ["api_key"] = chain.PrivilegedKey.Split(':')[0], ["username"] = chain.AdminUsername, ["password"] = chain.AdminPassword } };
        var response = await client.SendJsonAsync(HttpMethod.Post, "/v15/access_tokens", body.ToJsonString());
        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        return response.Json.GetProperty("access_token").GetProperty("token").GetString()!;
    }
}
