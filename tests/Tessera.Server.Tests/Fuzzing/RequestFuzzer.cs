using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Fuzzing;

/// <summary>
/// Seeded random and mutated requests over the given routes: every parameter kind (types, lengths, encodings, NUL
/// and control characters, huge numbers), JSON bodies mutated from valid ones (deep, duplicate keys, wrong types),
/// wrong content types and broken multipart, sometimes with valid credentials of each kind. Request
/// <c>i</c> of seed <c>s</c> is the same whatever ran before it, so one failure is replayed with <see cref="Create"/>.
/// </summary>
public sealed class RequestFuzzer(IReadOnlyList<FuzzRoute> routes, FuzzIdentity identity, long seed)
{
    /// <summary>Parameter names of the Spaaza calls, so fuzzed values reach the code that reads them.</summary>
    private static readonly string[] Names =
    [
        "user_id", "username", "password", "first_name", "last_name", "member_number", "chain_id", "business_id",
        "campaign_id", "voucher_key", "voucher_id", "voucher_amount", "voucher_lock_period", "voucher_locking_code",
        "retailer_basket_code", "amount", "log_message", "birthday", "gender", "phone_number", "country_code",
        "postal_code", "mailing_list_subscribed", "programme_opted_in", "update_if_exists", "type", "active",
        "filter", "status", "offset", "number", "page", "count", "query", "note", "note_id", "level_id",
        "loyalty_level", "authentication_point_identifier", "email_address", "name", "description", "website_url",
        "business_name", "owner_code", "Nonce", "expires", "signature", "session_key", "session_user_id",
        "user_username", "secondary_email", "delete_existing", "wallet_campaign_id", "currency_amount", "start", "end",
        "date_from", "date_to", "interaction_type", "client_channel", "legacy_loyalty_number", "card_number",
    ];

    /// <summary>Valid JSON bodies, each for the routes whose path holds its key (others get one at random).</summary>
    private static readonly (string Route, string Json)[] JsonTemplates =
    [
        ("basket", """{"entity":{"entity_type":"chain","entity_id":{chain}},"user":{"member_programme":"spaaza","user_id":{member}},"basket":{"basket_platform_type":"online","retailer_basket_code":"F-{n}","basket_total_price":100.00,"basket_currency":{"currency_code":"EUR"},"basket_items":[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00}],"basket_vouchers":[{"voucher_key":"k{n}","voucher_amount":5}]}}"""),
        ("basket", """{"entity":{"entity_type":"chain","entity_id":{chain}},"user":{"member_programme":"spaaza","member_number":"{member}"},"basket":{"basket_platform_type":"in_store","retailer_basket_code":"F-{n}","basket_total_price":-20.00,"basket_currency":{"currency_code":"EUR"},"basket_items":[{"item_barcode":"111","retailer_item_code":"r0","item_quantity":1,"item_price":-20.00,"item_type":"return","return_info":{"original_retailer_basket_code":"F-{prev}","original_retailer_item_code":"line_0"}}],"basket_tax":[{"tax_rate":0.21,"tax_total":3.47}]}}"""),
        ("return", """{"entity":{"entity_type":"chain","entity_id":{chain}},"return":{"original_retailer_basket_code":"F-{prev}","return_items":[{"item_barcode":"111","item_quantity":1}]}}"""),
        ("campaign", """{"chain_id":{chain},"type":"cashback","title":"Earn {n}","earn_percentage":5,"voucher_expiry_days":30,"start_date":"2020-01-01","field_localisations":"{\"title\":{\"nl\":\"Verdien\"}}"}"""),
        ("campaign", """{"chain_id":{chain},"type":"wallet","title":"Wallet {n}","balance_can_subzero":true,"max_manual_daily_amount":200.00,"rounding_strategy":"neutral","rounding_precision":2}"""),
        ("campaign", """{"chain_id":{chain},"type":"progress","title":"Target","target":200,"reward_money":25,"progress_unit":"visits","recipient_campaign_id":{wallet}}"""),
        ("campaign", """{"chain_id":{chain},"type":"loyalty","title":"Levels","loyalty_levels":[{"name":"bronze"},{"name":"silver"}],"loyalty_rules":[{"title":"Join","type":"initial","action":"setLevel","level":"bronze"},{"type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"}],"review_cycle_months":12}"""),
        ("campaign", """{"chain_id":{chain},"type":"birthday","title":"Birthday","gift_amount":10,"days_before":7,"recipient_campaign_id":{wallet}}"""),
        ("campaign", """{"campaign_id":{wallet},"title":"Changed","max_manual_daily_amount":100}"""),
        ("access_tokens", """{"access_token":{"api_key":"{key}","username":"{admin}","password":"{password}"}}"""),
        ("progress_adjustments", """{"progress_adjustment":{"adjustment":5,"audit_comment":"fuzz","campaign_id":{wallet},"user_id":{member},"suppress_email":false}}"""),
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/json; charset=utf-16", "application/x-www-form-urlencoded; charset=utf-7",
        "multipart/form-data", "multipart/form-data; boundary=", "application/octet-stream", "application/json; charset=nonsense", "",
    ];

    public long Seed => seed;

    public FuzzRequest Create(int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var route = routes[random.Next(routes.Count)];
        var method = random.Next(20) == 0 ? Pick(random, ["GET", "POST", "PUT", "DELETE", "PATCH"]) : route.Method;
        var headers = Headers(random);
        var query = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        byte[]? body = null;
        var bodied = method is not ("GET" or "DELETE") || random.Next(8) == 0;
        if (random.Next(3) == 0 || !bodied)
        {
            query.AddRange(Fields(random));
        }
        if (bodied)
        {
            (contentType, body) = Body(random, route.Path, index);
        }
        return new FuzzRequest(seed, index, method, Path(random, route.Path) + Query(random, query), headers, contentType, body);
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Path(Random random, string path) => random.Next(12) switch
    {
        0 => path + ".json",
        1 => path + ".csv",
        2 => "/v1" + path,
        3 => path + ".php",
        _ => path,
    };

    private List<KeyValuePair<string, string>> Headers(Random random)
    {
        var headers = new List<KeyValuePair<string, string>>();
        switch (random.Next(9))
        {
            case 0 or 6:
                headers.Add(new("session-user-id", Id(identity.MemberUserId)));
                headers.Add(new("session-key", identity.MemberSessionKey));
                break;
            case 1 or 7:
                headers.Add(new("session-user-id", Id(identity.AdminUserId)));
                headers.Add(new("session-key", identity.AdminSessionKey));
                break;
            case 2 or 8:
                headers.Add(new("Authorization", random.Next(4) == 0 ? $"token merchant=\"{identity.MerchantToken}\"" : "Bearer " + identity.PrivilegedKey));
                break;
            case 3:
                headers.Add(new("session-user-id", Header(random)));
                headers.Add(new("session-key", Header(random)));
                break;
            case 4:
                headers.Add(new("Authorization", Pick(random, ["Bearer ", "Basic abc", "token merchant=\"x\"", "Bearer a:b:c"]) + Header(random)));
                break;
            default:
                break;
        }
        if (random.Next(3) != 0)
        {
            headers.Add(new("X-MyPrice-App-Hostname", random.Next(4) == 0 ? Header(random) : identity.Hostname));
        }
        if (random.Next(5) == 0)
        {
            headers.Add(new("X-Spaaza-API-version", Pick(random, ["1.1.8", "1.4.0", "1.4.1", "0.0.1", "99.99.99", "x", ""])));
        }
        if (random.Next(10) == 0)
        {
            headers.Add(new("X-Spaaza-Request", Pick(random, ["{\"client_channel\":\"pos\"}", "{\"client_channel\":5}", "[", "{\"client_channel\":\"\\ud800\"}", "null"])));
        }
        if (random.Next(10) == 0)
        {
            headers.Add(new("Accept-Language", Pick(random, ["nl", "nl-NL,en;q=0.5", "*", ";q=x", "zz-ZZ;q=2", new string('a', 500)])));
        }
        if (random.Next(10) == 0)
        {
            headers.Add(new("Session-Chain-Id", random.Next(3) == 0 ? Id(identity.ChainId) : Header(random)));
        }
        return headers;
    }

    /// <summary>A header value a real HTTP server could receive (no control characters: Kestrel refuses those itself).</summary>
    private string Header(Random random)
    {
        var value = Value(random);
        return string.Concat(value.Where(c => c >= 0x20 && c != 0x7F && c < 0x7F)).Trim();
    }

    private IEnumerable<KeyValuePair<string, string>> Fields(Random random)
    {
        // Often the ids that exist, so the request gets past the look-ups to the code behind them.
        if (random.Next(2) == 0)
        {
            yield return new("chain_id", Id(identity.ChainId));
        }
        if (random.Next(3) == 0)
        {
            yield return new(Pick(random, ["user_id", "member_number", "username"]), random.Next(2) == 0 ? identity.MemberUsername : Id(identity.MemberUserId));
        }
        if (random.Next(4) == 0)
        {
            yield return new("campaign_id", Id(identity.WalletCampaignId));
        }
        var count = random.Next(10) == 0 ? random.Next(20, 40) : random.Next(0, 7);
        for (var i = 0; i < count; i++)
        {
            yield return new(random.Next(15) == 0 ? Value(random) : Pick(random, Names), Value(random));
        }
    }

    private static string Query(Random random, List<KeyValuePair<string, string>> fields)
    {
        if (fields.Count == 0)
        {
            return random.Next(30) == 0 ? "?" + Pick(random, ["%zz", "a=%ff%fe", "=&=&&", "a=%00", "%E0%A4%A", "a[]=1&a[]=2"]) : string.Empty;
        }
        var text = string.Join("&", fields.Select(f => Encode(f.Key) + "=" + Encode(f.Value)));
        return "?" + (random.Next(20) == 0 ? text + "&%zz=%G0" : text);
    }

    private static string Encode(string value) => Uri.EscapeDataString(value.Length > 6000 ? value[..6000] : value);

    private (string? ContentType, byte[]? Body) Body(Random random, string path, int index)
    {
        // A route that takes JSON gets mostly JSON.
        var takesJson = JsonTemplates.Any(t => path.Contains(t.Route, StringComparison.Ordinal));
        switch (takesJson && random.Next(3) != 0 ? 5 : random.Next(10))
        {
            case 0 or 1 or 2:
                return ("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(string.Join("&", Fields(random).Select(f => Encode(f.Key) + "=" + Encode(f.Value)))));
            case 3:
                return Multipart(random);
            case 4 or 5 or 6:
                return (random.Next(8) == 0 ? Pick(random, ContentTypes) : "application/json", Encoding.UTF8.GetBytes(Json(random, path, index)));
            case 7:
                return (Pick(random, ContentTypes), Encoding.UTF8.GetBytes(random.Next(2) == 0 ? Json(random, path, index) : Value(random)));
            case 8:
                return Oversized(random);
            default:
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                return (Pick(random, ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]), bytes);
        }
    }

    private (string? ContentType, byte[]? Body) Multipart(Random random)
    {
        var boundary = "fz" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        foreach (var (name, value) in Fields(random))
        {
            text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name.Replace("\"", "", StringComparison.Ordinal)}\"\r\n\r\n{value}\r\n");
        }
        if (random.Next(6) == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"userfile\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n");
        }
        switch (random.Next(5))
        {
            case 0:
                text.Length /= 2; // cut short
                break;
            case 1:
                text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: nonsense\r\n\r\nx\r\n--{boundary}--\r\n");
                break;
            case 2:
                text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\n{new string('H', 20000)}: x\r\n\r\n");
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
                break;
        }
        var type = random.Next(6) == 0 ? Pick(random, ["multipart/form-data", $"multipart/form-data; boundary={new string('b', 100)}", $"multipart/form-data; boundary=\"{boundary}"]) : $"multipart/form-data; boundary={boundary}";
        return (type, Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static (string? ContentType, byte[]? Body) Oversized(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                // More fields than the form reader accepts.
                return ("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))));
            case 1:
                // A name over the key length limit.
                return ("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(new string('k', 2100) + "=1"));
            default:
                // Nesting deeper than the JSON limit.
                var depth = random.Next(60, 200);
                return ("application/json", Encoding.UTF8.GetBytes("{\"a\":" + new string('[', depth) + new string(']', depth) + "}"));
        }
    }

    private string Json(Random random, string path, int index)
    {
        var fitting = JsonTemplates.Where(t => path.Contains(t.Route, StringComparison.Ordinal)).Select(t => t.Json).ToArray();
        var template = Pick(random, fitting.Length > 0 && random.Next(6) != 0 ? fitting : [.. JsonTemplates.Select(t => t.Json)])
            .Replace("{chain}", Id(identity.ChainId), StringComparison.Ordinal)
            .Replace("{member}", Id(identity.MemberUserId), StringComparison.Ordinal)
            .Replace("{wallet}", Id(identity.WalletCampaignId), StringComparison.Ordinal)
            .Replace("{key}", identity.PrivilegedKey.Split(':')[0], StringComparison.Ordinal)
            .Replace("{admin}", identity.AdminUsername, StringComparison.Ordinal)
            .Replace("{password}", identity.AdminPassword, StringComparison.Ordinal)
            .Replace("{n}", Id(index), StringComparison.Ordinal)
            .Replace("{prev}", Id(Math.Max(0, index - random.Next(1, 50))), StringComparison.Ordinal);
        var node = JsonNode.Parse(template)!;
        var mutations = random.Next(0, 4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(random, node);
        }
        var json = node.ToJsonString();
        return random.Next(12) switch
        {
            0 => json.Insert(1, "\"type\":\"x\",\"type\":\"y\","), // duplicate keys
            1 => json[..random.Next(json.Length)], // cut short
            2 => "[" + json + "]",
            3 => json.Replace("\"", "'", StringComparison.Ordinal),
            4 => json.Replace(",", ",\"\\u0000\":\"\\u0000\",", StringComparison.Ordinal),
            _ => json,
        };
    }

    private void Mutate(Random random, JsonNode root)
    {
        // A random object of the document, and a random property of it: replaced, removed or added.
        var objects = new List<JsonObject>();
        Collect(root, objects);
        var target = objects[random.Next(objects.Count)];
        var names = target.Select(p => p.Key).ToList();
        switch (random.Next(4))
        {
            case 0 when names.Count > 0:
                target.Remove(names[random.Next(names.Count)]);
                break;
            case 1:
                target[random.Next(4) == 0 ? Value(random) : Pick(random, Names)] = JsonValueOf(random);
                break;
            default:
                if (names.Count > 0)
                {
                    target[names[random.Next(names.Count)]] = JsonValueOf(random);
                }
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        if (node is JsonObject o)
        {
            objects.Add(o);
            foreach (var (_, value) in o)
            {
                Collect(value, objects);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Collect(item, objects);
            }
        }
    }

    private JsonNode? JsonValueOf(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonNode.Parse(Pick(random, ["1e308", "-1e308", "99999999999999999999999999999", "0.000000000000000000001", "-0", "1.005", "4294967296", "-2147483649", "9223372036854775808"])),
        3 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        4 => new JsonArray(JsonValueOf(random), JsonValue.Create(Value(random))),
        5 => new JsonObject { [Pick(random, Names)] = JsonValue.Create(Value(random)) },
        6 => JsonValue.Create(Id(random.Next(2) == 0 ? identity.MemberUserId : identity.WalletCampaignId)),
        _ => JsonValue.Create(Value(random)),
    };

    /// <summary>A value of one of the kinds that break parsers: numbers out of range, dates, lengths, encodings, control characters.</summary>
    private string Value(Random random) => random.Next(24) switch
    {
        0 => string.Empty,
        1 => " ",
        2 => Id(random.Next(-5, 1000)),
        3 => Pick(random, ["2147483648", "-2147483649", "99999999999999999999999", "1e309", "NaN", "Infinity", "-0", "0x10", "1,5", "١٢٣"]),
        4 => Pick(random, ["1.005", "0.001", "-1.50", "100000000000000.00", "79228162514264337593543950336", ".5", "5."]),
        5 => Pick(random, ["true", "false", "yes", "no", "1", "0", "null", "undefined"]),
        6 => Pick(random, ["2019-06-06", "2019-13-45", "0001-01-01", "9999-12-31", "1969-12-31T23:59:59Z", "2050-01-01 00:00:00", "yesterday"]),
        7 => $"fz-{random.Next(100000)}@example.test",
        8 => new string('x', new[] { 255, 256, 1024, 5000, 70000 }[random.Next(5)]),
        9 => "a\0b",
        10 => "\u0001\u0002\u001b[31m\u007f",
        11 => "line\r\nbreak\ttab",
        12 => "😀 Ünïcödé ﷽ \u200f\u202e עברית",
        13 => "\ud800",
        14 => "' OR 1=1 --; DROP TABLE users; \"",
        15 => "=HYPERLINK(\"http://x\")",
        16 => "%00%ff%zz",
        17 => Id(random.Next(3) switch { 0 => identity.MemberUserId, 1 => identity.ChainId, _ => identity.WalletCampaignId }),
        18 => identity.MemberUsername,
        19 => Pick(random, ["spaaza", "pos", "mobile", "all", "wallet", "cashback", "loyalty", "chain", "business"]),
        20 => "<script>alert(1)</script>",
        21 => "../../etc/passwd",
        22 => "{\"a\":1}",
        _ => "value" + Id(random.Next(100)),
    };

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);
}
