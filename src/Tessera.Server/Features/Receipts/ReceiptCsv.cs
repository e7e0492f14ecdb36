using System.Globalization;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// get-receipts.csv (spec "CSV Response Fields"): the columns in the order of the spec's table, which is also the
/// sample's header line; documented in docs/spec-choices.md. Later columns would only ever be added at the end.
/// </summary>
public static class ReceiptCsv
{
    public static readonly string[] Columns =
    [
        "id", "retailer_basket_code", "timestamp", "type", "items_count", "currency_code", "currency_symbol", "subtotal", "total_value",
        "shipping_charge", "employee_code", "employee_name", "chain_business_id", "chain_business_name", "chain_business_owner_code",
        "shopper_id", "shopper_member_program", "shopper_member_number", "shopper_authentication_point_identifier", "shopper_email",
        "shopper_firstname", "shopper_lastname", "shopper_gender", "shopper_birthday", "shopper_country_code", "shopper_address_postalcode", "notes",
    ];

    public static string[] Fields(ReceiptCsvRow r)
    {
        var currency = Currencies.FindById(r.CurrencyId);
        var member = r.UserId is not null;
        return
        [
            Number(r.Id), r.RetailerBasketCode, SpaazaDates.Iso(r.PurchasedAt), r.PlatformType, Number(r.PurchaseItemCount), currency?.Code ?? "",
            currency?.Symbol ?? "", Cents.Format(ReceiptTaxes.Subtotal(r.TotalCents, r.TaxesJson)), Cents.Format(r.TotalCents), Cents.Format(r.ShippingCents),
            r.EmployeeCode ?? "", r.EmployeeName ?? "", r.BusinessId is { } b ? Number(b) : "", r.BranchName ?? "", r.BranchCode ?? "",
            r.UserId is { } u ? Number(u) : "", member ? r.MemberProgramme ?? "spaaza" : "", r.MemberNumber ?? "", r.AuthenticationPointIdentifier ?? "",
            r.Username ?? "", r.FirstName ?? "", r.LastName ?? "", r.Gender ?? "", SpaazaDates.Iso(r.Birthday) ?? "", r.CountryCode ?? "", r.Postalcode ?? "",
            r.Notes ?? "",
        ];
    }

    /// <summary>A receipt's row, for those not read as a basket's (a standalone return's, <see cref="ReturnReceipts"/>).</summary>
    public static ReceiptCsvRow Row(Receipt r)
    {
        var b = r.Basket;
        var u = r.Shopper;
        return new ReceiptCsvRow(b.Id, b.RetailerBasketCode, b.PurchasedAt, b.PlatformType, b.PurchaseItemCount, b.CurrencyId, b.AdjustedTotalCents, b.TaxesJson,
            b.ShippingCents, b.EmployeeCode, b.EmployeeName, b.BusinessId, r.Branch?.Name, r.Branch?.OwnerCode, b.UserId, b.MemberProgramme, u?.MemberNumber,
            u?.AuthenticationPointIdentifier, u?.Username, u?.FirstName, u?.LastName, u?.Gender, u?.Birthday, u?.CountryCode, u?.AddressPostalcode, b.Notes);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
