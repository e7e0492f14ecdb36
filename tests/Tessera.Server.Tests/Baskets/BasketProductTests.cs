using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Products and variants that baskets create from item metadata and barcodes.</summary>
public sealed class BasketProductTests
{
    // ------------------------------------------------------------------ branches

    private static string InStore(string body, Action<JsonObject>? entity = null) => BasketCalls.Edit(body, b =>
    {
        b["basket"]!["basket_platform_type"] = "in_store";
        entity?.Invoke(b["entity"]!.AsObject());
    });

    // ------------------------------------------------------------------ products

    private static string ProductItem(string name, string code = "iou342oi", string barcode = "2913458432854") => $$"""
        [{"item_barcode":"{{barcode}}","retailer_product_code":"{{code}}","item_name":"{{name}}","item_description":"The Aran Jumper takes its name from the Aran Islands.",
          "item_price":125.00,"item_subtotal":125.00,"item_colour":"White","item_gender":"M","item_brand":"Aran Jumpers ltd","item_size":"L","item_season":"Winter",
          "item_category":"Clothing > Tops > Jumpers > Aran Jumper","item_image_url":"www.image.jpg","item_cost_price":40.00}]
        """;

    [Theory, AllEngines]
    public async Task Item_metadata_creates_a_product_and_variant_and_updates_them_at_most_once_in_six_hours(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);

        var first = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Men's Merino Aran Jumper"), total: 125m)));

        first.AssertOk("add-basket");
        var item = Assert.Single(first.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray());
        Assert.True(item.GetProperty("is_identified").GetBoolean());
        var product = item.GetProperty("product");
        Assert.Equal("iou342oi", product.GetProperty("owner_code").GetString());
        Assert.Equal("Men's Merino Aran Jumper", product.GetProperty("name").GetString());
        Assert.Equal("The Aran Jumper takes its name from the Aran Islands.", product.GetProperty("description").GetString());
        Assert.Equal(125m, product.GetProperty("price").GetDecimal());
        Assert.Equal("Aran Jumpers ltd", product.GetProperty("brand").GetString());
        Assert.Equal("Winter", product.GetProperty("season").GetString());
        Assert.Equal("Clothing > Tops > Jumpers > Aran Jumper", product.GetProperty("category").GetString());
        Assert.Equal("www.image.jpg", product.GetProperty("image_url").GetString());
        var variant = product.GetProperty("product_variant");
        Assert.Equal("White", variant.GetProperty("colour").GetString());
        Assert.Equal("L", variant.GetProperty("size").GetString());
        Assert.Equal(125m, variant.GetProperty("price").GetDecimal());
        Assert.Equal(40m, variant.GetProperty("cost_price").GetDecimal());
        Assert.Equal(product.GetProperty("id").GetInt32(), item.GetProperty("spaaza_product_id").GetInt32());
        Assert.Equal(variant.GetProperty("id").GetInt32(), item.GetProperty("spaaza_product_variant_id").GetInt32());
        var (products, variants) = await app.WithDbAsync(async db => (
            await db.Products.AsNoTracking().Where(p => p.ChainId == shop.Chain.ChainId).ToListAsync(),
            await db.ProductVariants.AsNoTracking().Where(v => v.ChainId == shop.Chain.ChainId).ToListAsync()));
        var stored = Assert.Single(products);
        Assert.Equal(stored.Id, Assert.Single(variants).ProductId);
        Assert.Equal("2913458432854", variants[0].Barcode);

        // Within six hours a changed name is ignored.
        app.Clock.Advance(TimeSpan.FromHours(5));
        var second = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Aran Jumper, renamed too soon"), total: 125m)));
        second.AssertOk("add-basket");
        var secondProduct = second.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("product");
        Assert.Equal(stored.Id, secondProduct.GetProperty("id").GetInt32());
        Assert.Equal("Men's Merino Aran Jumper", secondProduct.GetProperty("name").GetString());
        Assert.Equal("Men's Merino Aran Jumper", (await app.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == stored.Id))).Name);

        // Six hours after the last update it is taken.
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var third = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Aran Jumper, renamed"), total: 125m)));
        third.AssertOk("add-basket");
        var thirdProduct = third.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("product");
        Assert.Equal(stored.Id, thirdProduct.GetProperty("id").GetInt32());
        Assert.Equal("Aran Jumper, renamed", thirdProduct.GetProperty("name").GetString());
        var updated = await app.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == stored.Id));
        Assert.Equal("Aran Jumper, renamed", updated.Name);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, updated.UpdatedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await app.WithDbAsync(db => db.Products.CountAsync(p => p.ChainId == shop.Chain.ChainId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ChainId == shop.Chain.ChainId)));
    }

    [Theory, AllEngines]
    public async Task The_minimum_item_metadata_creates_a_product_and_variant_and_a_bare_barcode_only_a_variant(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = "SKU-" + Guid.NewGuid().ToString("N")[..6];

        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $$"""[{"item_barcode":"8000001","retailer_product_code":"{{code}}","item_price":125.00,"item_subtotal":125.00},{"item_barcode":"8000002","item_price":10.00}]""", total: 135m));

        response.AssertOk("add-basket");
        var items = response.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray().ToList();
        var product = items[0].GetProperty("product");
        Assert.Equal(code, product.GetProperty("owner_code").GetString());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("name").ValueKind);
        Assert.Equal(125m, product.GetProperty("price").GetDecimal());
        Assert.Equal(125m, product.GetProperty("product_variant").GetProperty("price").GetDecimal());
        Assert.True(items[0].GetProperty("is_identified").GetBoolean());
        Assert.True(items[1].GetProperty("is_identified").GetBoolean());
        var variants = await shop.Chain.App.WithDbAsync(db => db.ProductVariants.AsNoTracking().Where(v => v.ChainId == shop.Chain.ChainId).OrderBy(v => v.Barcode).ToListAsync());
        Assert.Equal(["8000001", "8000002"], variants.Select(v => v.Barcode));
        Assert.NotNull(variants[0].ProductId);
        Assert.Null(variants[1].ProductId);
    }

    [Theory, AllEngines]
    public async Task A_barcode_priced_as_unknown_is_created_by_the_next_basket_and_priced_as_known_after(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);
        var items = """[{"item_barcode":"8100001","item_price":10.00}]""";
        static JsonElement Item(SpaazaResponse r) => r.Results.GetProperty("basket").GetProperty("basket_items")[0];

        var unknown = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m));
        unknown.AssertOk("get-basket-price");
        Assert.False(Item(unknown).GetProperty("is_identified").GetBoolean());
        Assert.False((await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m))).Results
            .GetProperty("basket").GetProperty("basket_items")[0].GetProperty("is_identified").GetBoolean());

        // add-basket does not trust the remembered absence: it creates the variant and answers with it.
        var added = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, total: 10m));
        added.AssertOk("add-basket");
        Assert.True(Item(added).GetProperty("is_identified").GetBoolean());
        var variantId = Item(added).GetProperty("spaaza_product_variant_id").GetInt32();

        var known = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m));
        Assert.True(Item(known).GetProperty("is_identified").GetBoolean());
        Assert.Equal(variantId, Item(known).GetProperty("spaaza_product_variant_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task A_variant_another_server_created_is_seen_by_add_basket_at_once_and_by_get_basket_price_within_a_minute(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);
        static string Items(string barcode) => $$"""[{"item_barcode":"{{barcode}}","item_price":10.00}]""";
        static bool Identified(SpaazaResponse r) => r.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("is_identified").GetBoolean();
        Task<SpaazaResponse> Price(string barcode) => BasketCalls.PriceAsync(shop, shop.Basket(Code(), Items(barcode), total: 10m));

        Assert.False(Identified(await Price("8200001")));
        Assert.False(Identified(await Price("8200002")));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            foreach (var barcode in new[] { "8200001", "8200002" })
            {
                db.ProductVariants.Add(new Tessera.Server.Data.Entities.ProductVariant { ChainId = shop.Chain.ChainId, Barcode = barcode, PriceCents = 1000, CreatedAt = now, UpdatedAt = now });
            }
            return await db.SaveChangesAsync();
        });

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(Identified(await Price("8200001")));
        var added = await BasketCalls.AddAsync(shop, shop.Basket(Code(), Items("8200001"), total: 10m));
        added.AssertOk("add-basket");
        Assert.True(Identified(added));
        Assert.True(Identified(await Price("8200001")));
        Assert.False(Identified(await Price("8200002")));

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(Identified(await Price("8200002")));
        Assert.Equal(2, await app.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ChainId == shop.Chain.ChainId)));
    }
}
