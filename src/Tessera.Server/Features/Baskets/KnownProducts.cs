using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// Products and variants this server read lately, for <see cref="MaxAge"/>, so a stream of baskets naming the same
/// articles does not read them on every request. Only baskets write products, and a server forgets what it writes
/// itself; a change written by another server is seen within <see cref="MaxAge"/> (it only shows in the answer's
/// product ids and decides whether a six-hourly update is due, which the conditional UPDATE decides again).
/// Barcodes, codes and ids not found are remembered as absent for as long: get-basket-price trusts that (tills
/// price baskets of articles no basket has created yet, and would read them on every request), add-basket reads
/// them again before it creates them.
/// </summary>
public sealed class KnownProducts
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    // Bounded: past this many entries everything is dropped and read again (a chain's catalogue rarely comes near).
    private const int Capacity = 200_000;

    // A null value: looked for at ReadAt and not found.
    private readonly ConcurrentDictionary<(int Chain, string Barcode), (ProductVariant? Variant, DateTime ReadAt)> _variants = new();
    private readonly ConcurrentDictionary<(int Chain, string Code), (Product? Product, DateTime ReadAt)> _byCode = new();
    private readonly ConcurrentDictionary<(int Chain, int Id), (Product? Product, DateTime ReadAt)> _byId = new();

    /// <summary>True when the barcode's variant is known (added to <paramref name="into"/>), or known to be absent and <paramref name="trustAbsent"/>.</summary>
    public bool TryVariant(int chainId, string barcode, DateTime now, List<ProductVariant> into, bool trustAbsent = false) =>
        Fresh(_variants, (chainId, barcode), now, out var entry) && Use(into, entry.Value, trustAbsent);

    public bool TryProduct(int chainId, string ownerCode, DateTime now, List<Product> into, bool trustAbsent = false) =>
        Fresh(_byCode, (chainId, ownerCode), now, out var entry) && Use(into, entry.Value, trustAbsent);

    public bool TryProduct(int chainId, int id, DateTime now, List<Product> into, bool trustAbsent = false) =>
        Fresh(_byId, (chainId, id), now, out var entry) && Use(into, entry.Value, trustAbsent);

    /// <summary>Remembers the variants read, and the barcodes looked for among them that were not found.</summary>
    public void Remember(int chainId, IReadOnlyList<ProductVariant> variants, IEnumerable<string> soughtBarcodes, DateTime now)
    {
        Trim();
        foreach (var barcode in soughtBarcodes)
        {
            _variants[(chainId, barcode)] = (null, now);
        }
        foreach (var v in variants)
        {
            _variants[(chainId, v.Barcode)] = (v, now);
        }
    }

    /// <summary>Remembers the products read, and the codes and ids looked for among them that were not found.</summary>
    public void Remember(int chainId, IReadOnlyList<Product> products, IEnumerable<string> soughtCodes, IEnumerable<int> soughtIds, DateTime now)
    {
        Trim();
        foreach (var code in soughtCodes)
        {
            _byCode[(chainId, code)] = (null, now);
        }
        foreach (var id in soughtIds)
        {
            _byId[(chainId, id)] = (null, now);
        }
        foreach (var p in products)
        {
            _byCode[(chainId, p.OwnerCode)] = (p, now);
            _byId[(chainId, p.Id)] = (p, now);
        }
    }

    /// <summary>Drops what the lines name, after this server created or updated them.</summary>
    public void Forget(int chainId, IEnumerable<BasketLine> lines)
    {
        foreach (var line in lines)
        {
            foreach (var barcode in new[] { line.Input.Barcode, line.Input.VariantCode })
            {
                if (barcode is not null)
                {
                    _variants.TryRemove((chainId, barcode), out _);
                }
            }
            if (line.Input.RetailerProductCode is { } code)
            {
                _byCode.TryRemove((chainId, code), out _);
            }
            foreach (var id in new[] { line.Product?.Id, line.Input.SpaazaProductId })
            {
                if (id is { } productId)
                {
                    _byId.TryRemove((chainId, productId), out _);
                }
            }
        }
    }

    private static bool Fresh<TKey, TValue>(ConcurrentDictionary<TKey, (TValue Value, DateTime ReadAt)> map, TKey key, DateTime now, out (TValue Value, DateTime ReadAt) entry)
        where TKey : notnull =>
        map.TryGetValue(key, out entry) && entry.ReadAt <= now && now - entry.ReadAt < MaxAge;

    private static bool Use<T>(List<T> into, T? item, bool trustAbsent)
        where T : class
    {
        if (item is null)
        {
            return trustAbsent;
        }
        if (!into.Contains(item))
        {
            into.Add(item);
        }
        return true;
    }

    private void Trim()
    {
        if (_variants.Count + _byCode.Count + _byId.Count > Capacity)
        {
            _variants.Clear();
            _byCode.Clear();
            _byId.Clear();
        }
    }
}
