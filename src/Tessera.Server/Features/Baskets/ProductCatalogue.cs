using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// Products and variants of a chain (spec: creating products and product variants from basket items). A
/// line with a <c>retailer_product_code</c> and a price makes a product, one with an <c>item_barcode</c> a
/// variant; later lines update their metadata at most once per <see cref="UpdateInterval"/>, by an update
/// conditional on the last one. Rows are created with INSERT … ON CONFLICT DO NOTHING in code order, so two
/// baskets naming the same new product create it once and never wait on each other in opposite orders.
/// </summary>
public sealed class ProductCatalogue(TesseraDbContext db, KnownProducts known, TimeProvider clock)
{
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromHours(6);

    /// <summary>
    /// Finds the product and variant of each line (for pricing and is_identified), without writing: what
    /// <see cref="KnownProducts"/> holds is not read again. With <paramref name="trustAbsent"/> (get-basket-price)
    /// a barcode, code or id it lately found missing is not read again either; add-basket, which creates what is
    /// missing and stores the ids in its lines, reads those again.
    /// </summary>
    public async Task FindAsync(int chainId, IReadOnlyList<BasketLine> lines, CancellationToken cancellationToken, bool trustAbsent = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = lines.Select(l => l.Input.RetailerProductCode).OfType<string>().Distinct().ToList();
        var barcodes = lines.SelectMany(l => new[] { l.Input.Barcode, l.Input.VariantCode }).OfType<string>().Distinct().ToList();
        var productIds = lines.Select(l => l.Input.SpaazaProductId).OfType<int>().Distinct().ToList();
        var variantIds = lines.Select(l => l.Input.SpaazaVariantId).OfType<int>().Distinct().ToList();

        var variants = new List<ProductVariant>();
        var unknownBarcodes = barcodes.Where(b => !known.TryVariant(chainId, b, now, variants, trustAbsent)).ToList();
        if (unknownBarcodes.Count + variantIds.Count > 0)
        {
            var read = await db.ProductVariants.AsNoTracking()
                .Where(v => v.ChainId == chainId && (unknownBarcodes.Contains(v.Barcode) || variantIds.Contains(v.Id))).ToListAsync(cancellationToken);
            known.Remember(chainId, read, unknownBarcodes, now);
            variants.AddRange(read);
        }
        productIds.AddRange(variants.Select(v => v.ProductId).OfType<int>());
        productIds = productIds.Distinct().ToList();
        var products = new List<Product>();
        var unknownCodes = codes.Where(c => !known.TryProduct(chainId, c, now, products, trustAbsent)).ToList();
        var unknownIds = productIds.Where(id => !known.TryProduct(chainId, id, now, products, trustAbsent)).ToList();
        if (unknownCodes.Count + unknownIds.Count > 0)
        {
            var read = await db.Products.AsNoTracking()
                .Where(p => p.ChainId == chainId && (unknownCodes.Contains(p.OwnerCode) || unknownIds.Contains(p.Id))).ToListAsync(cancellationToken);
            known.Remember(chainId, read, unknownCodes, unknownIds, now);
            products.AddRange(read);
        }
        foreach (var line in lines)
        {
            var input = line.Input;
            line.Variant = (input.SpaazaVariantId is { } vid ? variants.FirstOrDefault(v => v.Id == vid) : null)
                ?? variants.FirstOrDefault(v => v.Barcode == input.Barcode)
                ?? variants.FirstOrDefault(v => v.Barcode == input.VariantCode);
            line.Product = (input.SpaazaProductId is { } pid ? products.FirstOrDefault(p => p.Id == pid) : null)
                ?? products.FirstOrDefault(p => p.OwnerCode == input.RetailerProductCode)
                ?? (line.Variant?.ProductId is { } parent ? products.FirstOrDefault(p => p.Id == parent) : null);
        }
    }

    /// <summary>
    /// Creates missing products and variants and updates stale ones, in the caller's transaction, then finds them
    /// again; the lines carry what <see cref="FindAsync"/> found when the basket was priced.
    /// </summary>
    public async Task SaveAsync(int chainId, IReadOnlyList<BasketLine> lines, DateTime now, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var line in lines.Where(l => l.Input.RetailerProductCode is not null && l.Input.PriceCents is not null).OrderBy(l => l.Input.RetailerProductCode, StringComparer.Ordinal))
        {
            var input = line.Input;
            var meta = input.Metadata;
            if (line.Product is null || line.Product.OwnerCode != input.RetailerProductCode)
            {
                changed |= (await BasketSql.AddProduct(new SqlBatch(db), chainId, input, now).ExecuteAsync(cancellationToken))[0] > 0;
            }
            else if (line.Product.UpdatedAt <= now - UpdateInterval && Differs(line.Product, input))
            {
                var id = line.Product.Id;
                var stale = now - UpdateInterval;
                changed |= await db.Products.Where(p => p.Id == id && p.UpdatedAt <= stale).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Name, p => meta.Name ?? p.Name)
                    .SetProperty(p => p.Description, p => meta.Description ?? p.Description)
                    .SetProperty(p => p.PriceCents, input.PriceCents)
                    .SetProperty(p => p.CostPriceCents, p => meta.CostPriceCents ?? p.CostPriceCents)
                    .SetProperty(p => p.Brand, p => meta.Brand ?? p.Brand)
                    .SetProperty(p => p.Season, p => meta.Season ?? p.Season)
                    .SetProperty(p => p.Category, p => meta.Category ?? p.Category)
                    .SetProperty(p => p.WebUrl, p => meta.WebUrl ?? p.WebUrl)
                    .SetProperty(p => p.ImageUrl, p => meta.ImageUrl ?? p.ImageUrl)
                    .SetProperty(p => p.Promotional, input.Promotional)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken) > 0;
            }
        }
        if (changed)
        {
            known.Forget(chainId, lines);
            await FindAsync(chainId, lines, cancellationToken);
            changed = false;
        }
        foreach (var line in lines.Where(l => l.Input.Barcode is not null).OrderBy(l => l.Input.Barcode, StringComparer.Ordinal))
        {
            var input = line.Input;
            var meta = input.Metadata;
            var productId = line.Product?.Id;
            if (line.Variant is null || line.Variant.Barcode != input.Barcode)
            {
                changed |= (await BasketSql.AddVariant(new SqlBatch(db), chainId, productId, input, now).ExecuteAsync(cancellationToken))[0] > 0;
            }
            else if (line.Variant.UpdatedAt <= now - UpdateInterval && Differs(line.Variant, input, productId))
            {
                var id = line.Variant.Id;
                var stale = now - UpdateInterval;
                changed |= await db.ProductVariants.Where(v => v.Id == id && v.UpdatedAt <= stale).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.ProductId, v => productId ?? v.ProductId)
                    .SetProperty(v => v.Colour, v => meta.Colour ?? v.Colour)
                    .SetProperty(v => v.Size, v => meta.Size ?? v.Size)
                    .SetProperty(v => v.PriceCents, v => input.PriceCents ?? v.PriceCents)
                    .SetProperty(v => v.CostPriceCents, v => meta.CostPriceCents ?? v.CostPriceCents)
                    .SetProperty(v => v.ImageUrl, v => meta.ImageUrl ?? v.ImageUrl)
                    .SetProperty(v => v.WebUrl, v => meta.WebUrl ?? v.WebUrl)
                    .SetProperty(v => v.UpdatedAt, now), cancellationToken) > 0;
            }
        }
        if (changed)
        {
            known.Forget(chainId, lines);
            await FindAsync(chainId, lines, cancellationToken);
        }
    }

    private static bool Differs(Product p, ItemInput input)
    {
        var m = input.Metadata;
        return p.PriceCents != input.PriceCents || p.Promotional != input.Promotional
            || (m.Name is not null && m.Name != p.Name) || (m.Description is not null && m.Description != p.Description)
            || (m.Brand is not null && m.Brand != p.Brand) || (m.Season is not null && m.Season != p.Season)
            || (m.Category is not null && m.Category != p.Category) || (m.WebUrl is not null && m.WebUrl != p.WebUrl)
            || (m.ImageUrl is not null && m.ImageUrl != p.ImageUrl) || (m.CostPriceCents is not null && m.CostPriceCents != p.CostPriceCents);
    }

    private static bool Differs(ProductVariant v, ItemInput input, int? productId)
    {
        var m = input.Metadata;
        return (productId is not null && productId != v.ProductId) || (input.PriceCents is not null && input.PriceCents != v.PriceCents)
            || (m.Colour is not null && m.Colour != v.Colour) || (m.Size is not null && m.Size != v.Size)
            || (m.ImageUrl is not null && m.ImageUrl != v.ImageUrl) || (m.WebUrl is not null && m.WebUrl != v.WebUrl)
            || (m.CostPriceCents is not null && m.CostPriceCents != v.CostPriceCents);
    }
}
