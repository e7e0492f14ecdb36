using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Protocol;

namespace Tessera.Bench;

/// <summary>
/// What reading a JSON body through <see cref="JsonBody"/> (no duplicate properties, UTF-8 checked, strings checked
/// when the body holds a <c>\u</c> escape) costs over parsing it as before, for the bench's 10-line basket.
/// </summary>
[MemoryDiagnoser]
public class JsonBodyBenchmarks
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        """{"entity":{"entity_type":"chain","entity_id":1},"user":{"member_programme":"spaaza","member_number":"10000001"},"basket":{"basket_platform_type":"in_store","retailer_basket_code":"bench-1","basket_total_price":145.00,"basket_currency":{"currency_code":"EUR"},"basket_items":["""
        + string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"item_barcode":"BB-{{i}}","retailer_item_code":"line_{{i}}","item_quantity":1,"item_price":{{10 + i}}.00}"""))
        + """],"basket_vouchers":[{"voucher_key":"bv000000000001"}]}}""");

    private HttpRequest Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(_body, writable: false);
        return context.Request;
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.ParseAsync, default options (yardstick)")]
    public async Task<JsonValueKind> ParseOnly()
    {
        using var document = await JsonDocument.ParseAsync(Request().Body);
        return document.RootElement.ValueKind;
    }

    [Benchmark(Description = "JsonBody.ReadAsync")]
    public async Task<JsonValueKind> ReadChecked()
    {
        using var document = await JsonBody.ReadAsync(Request(), CancellationToken.None);
        return document.RootElement.ValueKind;
    }
}
