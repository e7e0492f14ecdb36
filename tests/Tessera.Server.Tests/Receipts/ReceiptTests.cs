using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Features.Events;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Receipts;

/// <summary>Receipts (spec lines 5641-6760): the services calls, the receipt object and the receipts webhook's event.</summary>
public sealed class ReceiptTests
{
    private static JsonElement ListSample() => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecData", "receipts-for-user-sample.txt"))).RootElement;

    [Theory, AllEngines]
    public async Task A_member_reads_its_receipts_of_purchases_vouchers_and_returns_newest_first_with_the_samples_fields(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var first = Code();
        await shop.BuyAsync(first, extra: ""","basket_tax":[{"tax_rate":0.21,"tax_total":17.36}],"payment_methods":[{"payment_method":"card","payment_amount":100.00}]""");
        var (_, key) = await shop.Shop.VoucherAsync("5.00");
        var second = Code();
        await shop.BuyAsync(second, total: 95.00m, branchCode: "WF2", extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]""");
        var third = Code();
        var returning = $$"""[{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{first}}"}]""";
        await shop.BuyAsync(third, returning, total: -40.00m);

        using var member = await shop.MemberClientAsync();
        var receipts = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);

        Assert.Equal(new List<string> { third, second, first }, receipts.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList());
        var sample = ListSample();
        foreach (var receipt in receipts.EnumerateArray())
        {
            SpecSamples.AssertShape(ReceiptShop.WithoutId(sample[0]), receipt);
            Assert.Equal(JsonValueKind.String, receipt.GetProperty("id").ValueKind);
            SpecSamples.AssertShape(sample[1].GetProperty("template_content"), receipt.GetProperty("template_content"));
        }
        var bought = receipts[2];
        Assert.Equal("online", bought.GetProperty("type").GetString());
        Assert.Equal(3, bought.GetProperty("quantity").GetDecimal());
        Assert.Equal(100.00m, bought.GetProperty("total_value").GetDecimal());
        Assert.Equal(82.64m, bought.GetProperty("subtotal").GetDecimal());
        Assert.Equal("card", bought.GetProperty("payment_method").GetString());
        var tax = Assert.Single(bought.GetProperty("tax_lines").EnumerateArray());
        Assert.Equal(17.36m, tax.GetProperty("tax_value").GetDecimal());
        Assert.Equal(0.21m, tax.GetProperty("rate").GetDecimal());
        var shorts = bought.GetProperty("line_items")[0];
        Assert.Equal("ACME shorts", shorts.GetProperty("name").GetString());
        Assert.Equal("the best pair you can buy", shorts.GetProperty("description").GetString());
        Assert.Equal("shorts", shorts.GetProperty("type").GetString());
        Assert.Equal("SHORTS-1", shorts.GetProperty("sku").GetString());
        Assert.Equal("blue", shorts.GetProperty("metadata").GetProperty("color").GetString());
        Assert.Equal("L", shorts.GetProperty("metadata").GetProperty("size").GetString());
        Assert.Equal(30.00m, shorts.GetProperty("original_price").GetDecimal());
        var chain = bought.GetProperty("chain");
        Assert.Equal(shop.Chain.ChainId, chain.GetProperty("id").GetInt32());
        Assert.Equal("support@acme.test", chain.GetProperty("email").GetString());
        Assert.Equal("Euro", chain.GetProperty("currency").GetString());
        Assert.Equal("€", chain.GetProperty("currency_symbol").GetString());
        Assert.True(chain.GetProperty("receipts_service_active").GetBoolean());
        Assert.Equal(shop.BranchA, chain.GetProperty("business").GetProperty("id").GetInt32());
        Assert.Equal("Cape Town", chain.GetProperty("business").GetProperty("name").GetString());
        Assert.Equal(shop.Shop.Member.Id, bought.GetProperty("shopper").GetProperty("id").GetInt32());
        Assert.Equal("Jane", bought.GetProperty("shopper").GetProperty("first_name").GetString());
        var wallet = bought.GetProperty("monetary_wallet");
        Assert.Equal("Money Wallet", wallet.GetProperty("title").GetString());
        Assert.Equal(10.00m, wallet.GetProperty("total").GetDecimal());
        var earned = Assert.Single(wallet.GetProperty("contributions").EnumerateArray());
        Assert.Equal("Store Rewards", earned.GetProperty("campaign_title").GetString());
        Assert.Equal(10.00m, earned.GetProperty("amount").GetDecimal());
        Assert.Equal("Stars", bought.GetProperty("points_wallet").GetProperty("title").GetString());
        Assert.Equal("Your ACME receipt", bought.GetProperty("template_content").GetProperty("subject").GetString());
        Assert.Equal("#1F6FEB", bought.GetProperty("template_content").GetProperty("background_color").GetString());

        var withVoucher = receipts[1];
        var voucher = Assert.Single(withVoucher.GetProperty("basket_vouchers").EnumerateArray());
        Assert.Equal(5.00m, voucher.GetProperty("amount").GetDecimal());
        Assert.Equal("Welcome gift", voucher.GetProperty("campaign_title").GetString());
        Assert.Equal(5.00m, withVoucher.GetProperty("line_items").EnumerateArray().Sum(l => l.GetProperty("vouchers").GetDecimal()));
        Assert.Equal(shop.BranchB, withVoucher.GetProperty("chain").GetProperty("business").GetProperty("id").GetInt32());
        Assert.Equal(10.00m + 9.50m, withVoucher.GetProperty("monetary_wallet").GetProperty("total").GetDecimal());

        var returned = receipts[0];
        Assert.Equal(new List<string> { first }, returned.GetProperty("original_receipt_ids").EnumerateArray().Select(c => c.GetString()!).ToList());
        var line = Assert.Single(returned.GetProperty("line_items").EnumerateArray());
        Assert.True(line.GetProperty("is_return").GetBoolean());
        Assert.Equal(-1, returned.GetProperty("quantity").GetDecimal());
        // The return takes back what the tee earned (4.00); the last receipt's total is the balance now.
        Assert.Equal(await shop.Shop.BalanceAsync() / 100m, returned.GetProperty("monetary_wallet").GetProperty("total").GetDecimal());
        Assert.Equal(19.50m - 4.00m, returned.GetProperty("monetary_wallet").GetProperty("total").GetDecimal());
    }

    [Theory, AllEngines]
    public async Task One_receipt_by_its_retailer_basket_code_has_the_samples_fields_for_members_admins_and_privileged_clients(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        await shop.BuyAsync(code);
        var sample = ReceiptShop.WithoutId(SpecSamples.Read("receipt-webhook-sample.txt"));
        var full = SpecSamples.Read("receipt-sample.txt");

        using var member = await shop.MemberClientAsync();
        using var admin = (await shop.Chain.AdminClientAsync()).Header("Session-Chain-Id", ReceiptShop.Id(shop.Chain.ChainId));
        using var privileged = shop.PrivilegedServicesClient();
        foreach (var client in new[] { member, admin, privileged })
        {
            var response = await client.GetAsync("/receipts/" + code);
            Assert.True(response.Status == HttpStatusCode.OK, response.Body);
            SpecSamples.AssertShape(sample, response.Json);
            Assert.Equal(code, response.Json.GetProperty("id").GetString());
            // The sample's loyalty_status: the member's status, null without a loyalty programme.
            Assert.True(response.Json.TryGetProperty("loyalty_status", out _));
            Assert.Equal(full.EnumerateObject().Select(p => p.Name).Order(), response.Json.EnumerateObject().Select(p => p.Name).Where(n => n is not "template_content" and not "original_receipt_ids").Order());
        }
    }

    [Theory, AllEngines]
    public async Task A_member_cannot_see_another_members_receipts_nor_another_chains_and_both_answer_as_not_found(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var shop = await ReceiptShop.CreateAsync(app);
        var other = await shop.Chain.AddMemberAsync();
        var mine = Code();
        var theirs = Code();
        await shop.BuyAsync(mine);
        await shop.BuyAsync(theirs, memberNumber: Number(other));
        var elsewhere = await ReceiptShop.CreateAsync(app);
        var foreign = Code();
        await elsewhere.BuyAsync(foreign);

        using var member = await shop.MemberClientAsync();
        var own = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);
        Assert.Equal(new List<string> { mine }, own.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList());

        var missing = await member.GetAsync("/receipts/" + Code());
        var othersReceipt = await member.GetAsync("/receipts/" + theirs);
        var othersList = await member.GetAsync("/receipts", ("shopper_id", ReceiptShop.Id(other.Id)));
        var foreignReceipt = await member.GetAsync("/receipts/" + foreign);
        var foreignList = await member.GetAsync("/receipts", ("shopper_id", ReceiptShop.Id(elsewhere.Shop.Member.Id)));
        using var privileged = shop.PrivilegedServicesClient();
        var privilegedForeign = await privileged.GetAsync("/receipts/" + foreign);
        using var privilegedOtherChain = shop.PrivilegedServicesClient().Header("Session-Chain-Id", ReceiptShop.Id(elsewhere.Chain.ChainId));
        var otherChainHeader = await privilegedOtherChain.GetAsync("/receipts/" + foreign);

        missing.AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        foreach (var refused in new[] { othersReceipt, othersList, foreignReceipt, foreignList, privilegedForeign, otherChainHeader })
        {
            refused.AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
            Assert.Equal(missing.Status, refused.Status);
        }
    }

    [Theory, AllEngines]
    public async Task The_receipts_webhook_event_is_written_with_the_basket_and_its_payload_is_the_receipt_object(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var added = await shop.BuyAsync(code);
        var basketId = added.Results.GetProperty("basket").GetProperty("id").GetInt64();

        var events = await shop.Chain.App.WithDbAsync(db => db.OutboxEvents.AsNoTracking()
            .Where(e => e.ChainId == shop.Chain.ChainId && e.Type == EventTypes.ReceiptCreated).Select(e => e.Payload).ToListAsync());
        using var member = await shop.MemberClientAsync();
        var read = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);

        var payload = Assert.Single(events);
        SpecSamples.AssertShape(ReceiptShop.WithoutId(SpecSamples.Read("receipt-webhook-sample.txt")), JsonDocument.Parse(payload).RootElement);
        // The clock stood still, so even the signed link is the same: the body is the receipt, byte for byte.
        Assert.Equal(read[0].GetRawText(), payload);
        Assert.Contains($"/receipt-pdf/{basketId}?", payload, StringComparison.Ordinal);
        Assert.Equal(10.00m, JsonDocument.Parse(payload).RootElement.GetProperty("monetary_wallet").GetProperty("total").GetDecimal());
    }

    [Theory, AllEngines]
    public async Task A_chain_without_the_receipts_service_writes_no_receipt_event_but_still_serves_its_receipts(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine), active: false);
        var code = Code();
        await shop.BuyAsync(code);

        var events = await shop.Chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == shop.Chain.ChainId && e.Type == EventTypes.ReceiptCreated));
        using var member = await shop.MemberClientAsync();
        var read = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);

        Assert.Equal(0, events);
        Assert.Equal(10.00m, read[0].GetProperty("monetary_wallet").GetProperty("total").GetDecimal());
        Assert.False(read[0].GetProperty("chain").GetProperty("receipts_service_active").GetBoolean());
    }

    /// <summary>
    /// The balance "directly after the transaction" is read under the wallet's row lock in the basket's own batch:
    /// baskets racing for one member each see a different balance, and together every step from one to all of them.
    /// </summary>
    [Theory, AllEngines]
    public async Task Parallel_baskets_of_one_member_each_record_the_exact_balance_after_it(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        const int count = 12;

        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => shop.BuyAsync(Code())));

        using var member = await shop.MemberClientAsync();
        var receipts = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);
        var totals = receipts.EnumerateArray().Select(r => r.GetProperty("monetary_wallet").GetProperty("total").GetDecimal()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => i * 10.00m).ToList(), totals);
        var events = await shop.Chain.App.WithDbAsync(db => db.OutboxEvents.AsNoTracking()
            .Where(e => e.ChainId == shop.Chain.ChainId && e.Type == EventTypes.ReceiptCreated).Select(e => e.Payload).ToListAsync());
        Assert.Equal(totals, events.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("monetary_wallet").GetProperty("total").GetDecimal()).Order().ToList());
    }

    [Theory, AllEngines]
    public async Task Receipt_settings_are_refused_to_members_and_checked(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        using var admin = await shop.Chain.AdminClientAsync();
        using var member = await shop.MemberClientAsync();

        var badUrl = await admin.PutAsync("/internal/alter-receipt-settings", ("chain_id", ReceiptShop.Id(shop.Chain.ChainId)), ("logo_url", "ftp://x"));
        var badFlag = await admin.PutAsync("/internal/alter-receipt-settings", ("chain_id", ReceiptShop.Id(shop.Chain.ChainId)), ("receipts_service_active", "maybe"));
        var byMember = await member.PutAsync("/internal/alter-receipt-settings", ("chain_id", ReceiptShop.Id(shop.Chain.ChainId)), ("subject", "x"));
        var cleared = await admin.PutAsync("/internal/alter-receipt-settings", ("chain_id", ReceiptShop.Id(shop.Chain.ChainId)), ("subject", ""));

        badUrl.AssertError(ErrorCodes.ParameterInvalid);
        badFlag.AssertError(ErrorCodes.ParameterSuppliedNotBoolean);
        Assert.NotEqual(HttpStatusCode.OK, byMember.Status);
        cleared.AssertOk("alter-receipt-settings");
        Assert.Equal("", cleared.Results.GetProperty("subject").GetString());
        Assert.Equal("#1F6FEB", cleared.Results.GetProperty("background_color").GetString());
    }
}
