using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>The branch an in-store basket names, and the warning when it names none.</summary>
public sealed class BasketBranchTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ branches

    private static string InStore(string body, Action<JsonObject>? entity = null) => BasketCalls.Edit(body, b =>
    {
        b["basket"]!["basket_platform_type"] = "in_store";
        entity?.Invoke(b["entity"]!.AsObject());
    });

    [Theory, AllEngines]
    public async Task An_in_store_basket_without_a_valid_branch_is_stored_for_the_chain_with_warning_144(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var none = Code();
        var unknownCode = Code();
        var unknownId = Code();

        var withoutBranch = await BasketCalls.AddAsync(shop, InStore(shop.Basket(none, ShopSetup.TwoItems)));
        var withUnknownCode = await BasketCalls.AddAsync(shop, InStore(shop.Basket(unknownCode, ShopSetup.TwoItems), e => e["branch_business_owner_code"] = "NO-SUCH-BRANCH"));
        var withUnknownId = await BasketCalls.AddAsync(shop, InStore(shop.Basket(unknownId, ShopSetup.TwoItems), e => e["branch_business_id"] = 987654321));

        foreach (var (response, code) in new[] { (withoutBranch, none), (withUnknownCode, unknownCode), (withUnknownId, unknownId) })
        {
            response.AssertOk("add-basket");
            Assert.Equal([ErrorCodes.BusinessIdNotFound.Code], BasketCalls.WarningCodes(response));
            Assert.Equal(JsonValueKind.Null, response.Results.GetProperty("basket").GetProperty("business_id").ValueKind);
            var stored = await BasketCalls.StoredAsync(shop, code);
            Assert.Null(stored.BusinessId);
            Assert.Equal("in_store", stored.PlatformType);
        }
        // The baskets are the member's all the same.
        Assert.Equal(3000, await shop.BalanceAsync());

        // An online basket needs no branch: no warning.
        var online = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        Assert.Empty(BasketCalls.WarningCodes(online));
    }

    [Theory, AllEngines]
    public async Task An_in_store_basket_naming_a_branch_by_owner_code_or_id_is_stored_for_that_branch_without_warning(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using var admin = await shop.Chain.AdminClientAsync();
        var ownerCode = "S-" + Guid.NewGuid().ToString("N")[..6];
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(shop.Chain.ChainId)), ("name", "Kalverstraat"), ("owner_code", ownerCode));
        added.AssertOk("add-business");
        var branchId = added.Results.GetProperty("business").GetProperty("id").GetInt32();
        var second = await admin.PostAsync("/internal/add-business", ("chain_id", Id(shop.Chain.ChainId)), ("name", "Leidsestraat"), ("owner_code", ownerCode + "-2"));
        var secondId = second.Results.GetProperty("business").GetProperty("id").GetInt32();
        var byCode = Code();
        var byId = Code();

        var responseByCode = await BasketCalls.AddAsync(shop, InStore(shop.Basket(byCode, ShopSetup.TwoItems), e => e["branch_business_owner_code"] = ownerCode));
        // spec: branch_business_id takes precedence over branch_business_owner_code.
        var responseById = await BasketCalls.AddAsync(shop, InStore(shop.Basket(byId, ShopSetup.TwoItems), e =>
        {
            e["branch_business_id"] = secondId;
            e["branch_business_owner_code"] = ownerCode;
        }));

        responseByCode.AssertOk("add-basket");
        responseById.AssertOk("add-basket");
        Assert.False(responseByCode.Json.TryGetProperty("warnings", out _), responseByCode.Body);
        Assert.False(responseById.Json.TryGetProperty("warnings", out _), responseById.Body);
        Assert.Equal(branchId, responseByCode.Results.GetProperty("basket").GetProperty("business_id").GetInt32());
        Assert.Equal(secondId, responseById.Results.GetProperty("basket").GetProperty("business_id").GetInt32());
        Assert.Equal(branchId, (await BasketCalls.StoredAsync(shop, byCode)).BusinessId);
        Assert.Equal(secondId, (await BasketCalls.StoredAsync(shop, byId)).BusinessId);
    }

    [Theory, AllEngines]
    public async Task A_branch_of_another_chain_is_not_a_valid_branch(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var shop = await ShopSetup.CreateAsync(app);
        var other = await app.BootstrapAsync();
        using var otherAdmin = await other.AdminClientAsync();
        var foreign = await otherAdmin.PostAsync("/internal/add-business", ("chain_id", Id(other.ChainId)), ("name", "Elsewhere"), ("owner_code", "X-1"));
        var foreignId = foreign.Results.GetProperty("business").GetProperty("id").GetInt32();
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, InStore(shop.Basket(code, ShopSetup.TwoItems), e => e["branch_business_id"] = foreignId));

        response.AssertOk("add-basket");
        Assert.Equal([ErrorCodes.BusinessIdNotFound.Code], BasketCalls.WarningCodes(response));
        Assert.Null((await BasketCalls.StoredAsync(shop, code)).BusinessId);
    }
}
