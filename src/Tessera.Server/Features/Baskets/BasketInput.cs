using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

public sealed record EntityInput(string Type, int Id, int? BranchId, string? BranchOwnerCode, string? EmployeeCode, string? EmployeeName);

/// <summary>The shopper as sent; null for an anonymous basket (spec: "user": null).</summary>
public sealed record ShopperInput(string? MemberProgramme, string? MemberNumber, string? AuthenticationPointIdentifier, int? SpaazaUserId, bool? SendEmailReceipt);

public sealed record VoucherRef(string? Key, long? Id)
{
    public bool Matches(Data.Entities.Voucher voucher) =>
        Key is { Length: > 0 } key ? string.Equals(key, voucher.Key, StringComparison.OrdinalIgnoreCase) : Id == voucher.Id;
}

public sealed record DistributionInput(VoucherRef Voucher, long Cents);

/// <summary>An item voucher named on a line (spec item_vouchers): its amount is for one unit.</summary>
public sealed record ItemVoucherInput(VoucherRef Voucher, long? PerUnitCents);

/// <summary>Item metadata that creates or updates products and variants (spec: creating products and product variants).</summary>
public sealed record ProductMetadata(string? Name, string? Description, string? Brand, string? Season, string? Category, string? WebUrl, string? ImageUrl, long? CostPriceCents, string? Colour, string? Size);

public sealed record ItemInput(
    int Position,
    string? Barcode,
    string? RetailerProductCode,
    string? RetailerItemCode,
    int? SpaazaProductId,
    int? SpaazaVariantId,
    string? VariantCode,
    string ItemType,
    decimal Quantity,
    long? PriceCents,
    long? SubtotalCents,
    bool Promotional,
    bool Excluded,
    string? ProductName,
    bool IsReturn,
    string? OriginalRetailerBasketCode,
    string? OriginalSupplementaryBasketCode,
    string? OriginalRetailerItemCode,
    IReadOnlyList<DistributionInput>? Distribution,
    ProductMetadata Metadata,
    IReadOnlyList<ItemVoucherInput>? ItemVouchers = null);

public sealed record PaymentInput(string Method, long Cents);

public sealed record TaxInput(decimal Rate, long TotalCents);

/// <summary>A basket of get-basket-price or add-basket, checked field by field (spec: the request tables).</summary>
public sealed record BasketInput(
    EntityInput Entity,
    ShopperInput? Shopper,
    string PlatformType,
    string RetailerBasketCode,
    string? VoucherLockingCode,
    IReadOnlyList<string> SupplementaryCodes,
    long? ItemsSubtotalCents,
    long TotalCents,
    long ShippingCents,
    string? Notes,
    DateTimeOffset? Timestamp,
    string? TimezoneName,
    string? CountryCode,
    int? CurrencyId,
    string? CurrencyCode,
    IReadOnlyList<PaymentInput> Payments,
    IReadOnlyList<TaxInput> Taxes,
    bool LockExclusively,
    IReadOnlyList<ItemInput> Items,
    IReadOnlyList<VoucherRef> BasketVouchers,
    IReadOnlyList<VoucherRef> HonourVouchers,
    IReadOnlyList<ApiWarning> Warnings,
    bool TotalSent = true)
{
    public IEnumerable<ItemInput> Purchases => Items.Where(i => !i.IsReturn);

    public IEnumerable<ItemInput> Returns => Items.Where(i => i.IsReturn);
}
