using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Shared helpers of the basket tests: sending bodies and reading what a chain stored.</summary>
internal static class BasketCalls
{
    public const string AddBasket = "/auth/add-basket";
    public const string GetBasketPrice = "/auth/get-basket-price";

    public static string Code() => "E-" + Guid.NewGuid().ToString("N")[..12];

    public static string Number(Tessera.Server.Data.Entities.User member) => member.MemberNumber ?? member.Id.ToString(CultureInfo.InvariantCulture);

    public static async Task<SpaazaResponse> SendAsync(ShopSetup shop, string path, string body)
    {
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, path, body);
    }

    public static Task<SpaazaResponse> AddAsync(ShopSetup shop, string body) => SendAsync(shop, AddBasket, body);

    public static Task<SpaazaResponse> PriceAsync(ShopSetup shop, string body) => SendAsync(shop, GetBasketPrice, body);

    /// <summary>The body of <see cref="ShopSetup.Basket"/>, changed by <paramref name="change"/>.</summary>
    public static string Edit(string body, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static Task<int> BasketCountAsync(ShopSetup shop) => shop.Chain.App.WithDbAsync(db => db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId));

    public static Task<int> BasketCountAsync(ShopSetup shop, string code) =>
        shop.Chain.App.WithDbAsync(db => db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code));

    public static Task<Tessera.Server.Data.Entities.Basket> StoredAsync(ShopSetup shop, string code) =>
        shop.Chain.App.WithDbAsync(db => db.Baskets.AsNoTracking().SingleAsync(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code));

    /// <summary>What the chain's stored baskets took off their lines with the voucher, in cents.</summary>
    public static async Task<long> DistributedCentsAsync(ShopSetup shop, long voucherId) =>
        (await shop.Chain.App.WithDbAsync(db => db.Baskets.AsNoTracking().Where(b => b.ChainId == shop.Chain.ChainId).ToListAsync()))
            .SelectMany(Tessera.Server.Features.Baskets.BasketLines.Read).Select(i => i.VoucherDistribution)
            .SelectMany(Tessera.Server.Features.Baskets.LineDistributions.ReadVouchers).Where(d => d.VoucherId == voucherId).Sum(d => d.AmountCents);

    public static IReadOnlyList<int> WarningCodes(SpaazaResponse response) =>
        response.Json.TryGetProperty("warnings", out var warnings) ? warnings.EnumerateArray().Select(w => w.GetProperty("code").GetInt32()).ToList() : [];
}
