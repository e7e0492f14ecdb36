using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Baskets;

/// <summary>The basket calls for the OpenAPI document (spec "get-basket-price", "add-basket", "return").</summary>
public static class BasketCallDocs
{
    private const string Example =
        """{"entity":{"entity_type":"chain","entity_id":1},"user":{"member_programme":"spaaza","member_number":"2"},"basket":{"basket_platform_type":"in_store","retailer_basket_code":"T1-000123","basket_total_price":100.00,"basket_currency":{"currency_code":"EUR"},"branch_business_owner_code":"10001","basket_items":[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00}],"basket_vouchers":[{"voucher_key":"5b6c…"}]}}""";

    private static readonly Param[] Body =
    [
        new("entity", "object", "The chain (entity_type chain, entity_id) or a branch (business, with its id or owner code).", Required: true),
        new("user", "object", "The member (member_programme spaaza and member_number, user_id or authentication_point_identifier); null for an anonymous basket."),
        new("basket", "object", "The basket: retailer_basket_code, basket_platform_type, basket_total_price, basket_currency, basket_items (with returns), basket_vouchers, honour_vouchers, payment methods, tax.", Required: true),
    ];

    public static IEnumerable<CallDoc> All =>
    [
        new("get-basket-price", "Price a basket without storing it: vouchers applied, what it would earn", Credentials.Member | Credentials.Admin | Credentials.Privileged, Body)
        {
            Body = CallBody.Json,
            RequestExample = Example,
        },
        new("add-basket", "Store a confirmed basket once: redeem its vouchers, credit wallets and points, process its returns", Credentials.Member | Credentials.Admin | Credentials.Privileged, Body)
        {
            Body = CallBody.Json,
            RequestExample = Example,
            Description = "Idempotent on retailer_basket_code: a replay answers the stored answer with warning 311 and credits nothing again.",
        },
        new("return", "Return items of a stored basket (standalone return)", Credentials.Member | Credentials.Admin | Credentials.Privileged, Body)
        {
            Body = CallBody.Json,
        },
    ];
}
