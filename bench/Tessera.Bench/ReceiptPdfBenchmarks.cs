using BenchmarkDotNet.Attributes;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Receipts;

namespace Tessera.Bench;

/// <summary>
/// A receipt of 20 lines (with a voucher, a tax line, a wallet earning) rendered as its PDF, against writing the same
/// receipt's JSON as the yardstick measured in the same run. <c>dotnet run -c Release -- receipt-sample out.pdf</c>
/// writes the rendered PDF (docs/receipt-sample.png is its first page).
/// </summary>
[MemoryDiagnoser]
public class ReceiptPdfBenchmarks
{
    private readonly Receipt _receipt = Sample(20);

    [Benchmark(Baseline = true)]
    public byte[] Json() => BasketView.ToUtf8(w => ReceiptJson.Write(w, _receipt, "https://tessera.example/receipt-pdf/1?expires=1&signature=x"));

    [Benchmark]
    public byte[] Pdf() => ReceiptPdfRenderer.Render(_receipt, null);

    /// <summary>A stored receipt of <paramref name="lines"/> lines as the receipt calls read it back.</summary>
    public static Receipt Sample(int lines)
    {
        var now = new DateTime(2026, 12, 6, 14, 32, 0, DateTimeKind.Utc);
        var chain = new Chain
        {
            Id = 1740, Name = "ACME Outdoor", CurrencyId = 2, CreatedAt = now, ReceiptEmail = "support@acme.example", ReceiptWebsiteUrl = "https://acme.example",
            ReceiptsServiceActive = true, ReceiptBackgroundColor = "#1F6FEB", ReceiptSubject = "Your ACME receipt",
        };
        var branch = new Business { Id = 7, ChainId = 1740, Name = "ACME Cape Town", Address1 = "1 Table Mountain Drive", TownCity = "Cape Town", PostalCode = "8001", CountryCode = "ZA" };
        var member = new User
        {
            Id = 897654, ChainId = 1740, Username = "john.smith@example.com", UsernameNormalized = "john.smith@example.com", FirstName = "John", LastName = "Smith",
            MemberNumber = "100002", Language = "en",
        };
        var wallet = new Campaign { Id = 1, ChainId = 1740, Type = "wallet", Title = "ACME Bucks", Config = "{}", Active = true };
        var cashback = new Campaign { Id = 2, ChainId = 1740, Type = "cashback", Title = "Earn big on every purchase", Config = "{}", Active = true };
        var points = new Campaign { Id = 3, ChainId = 1740, Type = "points_wallet", Title = "ACME Stars", Config = "{}", Active = true };
        var gifts = new Campaign { Id = 4, ChainId = 1740, Type = "loyalty", Title = "Welcome gift", Config = "{}", Active = true };
        string[] names = ["Trail shorts", "Merino tee", "Rain jacket", "Hiking socks", "Fleece", "Cap", "Water bottle", "Head torch", "Gaiters", "Gloves"];
        var items = new List<BasketItem>();
        long total = 0;
        for (var i = 0; i < lines; i++)
        {
            var price = 1995L + 500 * (i % 7);
            var quantity = 1 + i % 3;
            total += price * quantity;
            items.Add(new BasketItem
            {
                Id = 100 + i, BasketId = 1, ChainId = 1740, Position = i, ItemBarcode = (2000046371025 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                RetailerProductCode = $"ACME{i:00000}", ProductName = $"{names[i % names.Length]} {i + 1}", ItemType = "product", Quantity = quantity,
                PriceCents = price, SubtotalCents = price * quantity,
                VoucherDistribution = i == 0 ? "[[9001,500]]" : null,
                ProgressDistribution = $"[[1,2,{price * quantity / 10}]]",
            });
        }
        var paid = total - 500;
        var basket = new Basket
        {
            Id = 1, ChainId = 1740, BusinessId = 7, UserId = member.Id, RetailerBasketCode = "600240649-1497440106", PlatformType = "in_store", CurrencyId = 2,
            TotalCents = paid, AdjustedTotalCents = paid, PurchasedAt = now, TimezoneName = "UTC", PaymentsJson = """[{"payment_method":"card","payment_amount":1.00}]""",
            TaxesJson = $$"""[{"tax_rate":0.21,"tax_total":{{(paid * 21 / 121) / 100m}}}]""", Response = "", CreatedAt = now, WalletBalanceCents = 16400, PointsBalanceCents = 0,
        };
        var parts = new ReceiptParts(chain, branch, member, new Dictionary<int, Campaign> { [1] = wallet, [2] = cashback, [3] = points, [4] = gifts },
            new Dictionary<long, ReceiptVoucher> { [9001] = new(9001, "Welcome gift", "5 off your next visit", 0, "basket") }, _ => ReceiptProduct.None,
            new Dictionary<long, string>());
        return ReceiptBuilder.Build(basket, items, parts, balances: true);
    }
}
