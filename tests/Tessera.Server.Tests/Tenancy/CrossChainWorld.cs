using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Tenancy;

/// <summary>
/// Two chains on one server: A, whose admin, privileged client and member make the calls, and B, whose member,
/// vouchers, campaigns, business, note, loyalty level and basket they name. Made once per engine; the tests only read
/// B's objects (a call that changed one would already have failed its comparison).
/// </summary>
public sealed record CrossChainWorld(
    ShopSetup A, ShopSetup B, int ProgressCampaignB, (long Id, string Key) VoucherB, int BusinessB, int NoteB, int LevelA, int LevelB,
    long BasketIdB, string BasketCodeB, string ReturnOwnerCodeB)
{
    /// <summary>An integer id that names nothing in any chain.</summary>
    public const string Missing = "2147480001";

    public const string MissingKey = "0000000000000000000000000000nokey";

    private static readonly ConcurrentDictionary<string, Lazy<Task<CrossChainWorld>>> Worlds = new();

    public static Task<CrossChainWorld> OfAsync(string engine) =>
        Worlds.GetOrAdd(engine, e => new Lazy<Task<CrossChainWorld>>(() => CreateAsync(TesseraApp.Shared(e)))).Value;

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<CrossChainWorld> CreateAsync(TesseraApp app)
    {
        var a = await ShopSetup.CreateAsync(app);
        var b = await ShopSetup.CreateAsync(app);
        using var adminB = await b.Chain.AdminClientAsync();
        var progress = (await CampaignTests.AddCampaignAsync(adminB, b.Chain.ChainId,
            $$"""{"type":"progress","title":"Five visits","progress_unit":"visits","target":5,"reward_money":5,"recipient_campaign_id":{{b.Wallet}}}""")).GetProperty("id").GetInt32();
        var voucher = await b.VoucherAsync("5.00");
        var business = (await adminB.PostAsync("/internal/add-business", ("chain_id", Id(b.Chain.ChainId)), ("name", "B's shop"), ("owner_code", "B-" + Guid.NewGuid().ToString("N")[..8])))
            .Results.GetProperty("business").GetProperty("id").GetInt32();
        (await adminB.PostAsync("/internal/add-user-note", ("user_id", Id(b.Member.Id)), ("text", "B's note"))).AssertOk("add-user-note");
        var note = await app.WithDbAsync(db => db.UserNotes.Where(n => n.UserId == b.Member.Id).Select(n => n.Id).SingleAsync());
        var (levelA, levelB) = await app.WithDbAsync(async db =>
        {
            var la = new LoyaltyLevel { ChainId = a.Chain.ChainId, CampaignId = a.VoucherCampaign, Name = "Silver", Position = 1 };
            var lb = new LoyaltyLevel { ChainId = b.Chain.ChainId, CampaignId = b.VoucherCampaign, Name = "Gold", Position = 1 };
            db.LoyaltyLevels.AddRange(la, lb);
            await db.SaveChangesAsync();
            return (la.Id, lb.Id);
        });
        var code = BasketCalls.Code();
        var added = await BasketCalls.AddAsync(b, b.Basket(code, ShopSetup.TwoItems));
        added.AssertOk("add-basket");
        return new CrossChainWorld(a, b, progress, voucher, business, note, levelA, levelB,
            added.Results.GetProperty("basket").GetProperty("id").GetInt64(), code, "R-" + Guid.NewGuid().ToString("N")[..8]);
    }

    private readonly ConcurrentDictionary<string, Lazy<Task<(int UserId, string Key)>>> _sessions = new();

    /// <summary>
    /// Chain A's callers: its super admin, its privileged client and its member (with A's app). Each logs in once
    /// (a login ends the user's other sessions), and every client carries that session.
    /// </summary>
    public async Task<SpaazaClient> CallerAsync(string kind)
    {
        if (kind == "privileged")
        {
            return A.Chain.PrivilegedClient();
        }
        var (userId, key) = await _sessions.GetOrAdd(kind, k => new Lazy<Task<(int, string)>>(async () =>
        {
            using var login = k == "admin" ? await A.Chain.AdminClientAsync() : await A.Chain.LoginAsync(A.Member.Username, "member-secret", withApp: true);
            return (int.Parse(login.Http.DefaultRequestHeaders.GetValues("session-user-id").Single(), CultureInfo.InvariantCulture),
                login.Http.DefaultRequestHeaders.GetValues("session-key").Single());
        })).Value;
        var client = A.Chain.App.Client().WithSession(userId, key);
        return kind == "admin" ? client : client.App(A.Chain.Hostname);
    }

    /// <summary>
    /// The answer to a call naming B's object is the answer to the same call naming nothing: same HTTP status, same
    /// error or warnings (where their message echoes the identifier sent, it is compared as sent), and the same
    /// <paramref name="resultPart"/> of the results (all of them when not given, none when empty).
    /// </summary>
    public static async Task AssertSameAsMissingAsync(Func<string, Task<SpaazaResponse>> call, string othersId, string missingId, string? resultPart = null)
    {
        var other = await call(othersId);
        var missing = await call(missingId);
        var message = $"naming another chain's object answered {(int)other.Status}: {other.Body}\nnaming nothing answered {(int)missing.Status}: {missing.Body}";
        Assert.True(other.Status == missing.Status, message);
        Assert.True(Essence(other, othersId, resultPart) == Essence(missing, missingId, resultPart), message);
    }

    private static string Essence(SpaazaResponse response, string sent, string? resultPart)
    {
        if (response.Json.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return response.Body;
        }
        var body = JsonNode.Parse(response.Body)!.AsObject();
        if (body["results"] is JsonObject results)
        {
            body["results"] = resultPart is null ? results.DeepClone() : resultPart.Length == 0 ? null : results[resultPart]?.DeepClone();
        }
        MaskEcho(body, sent, inMessage: false);
        return body.ToJsonString();
    }

    /// <summary>Replaces the identifier sent, where a warning's or error's message or extrainfo repeats it, by <c>{sent}</c>.</summary>
    private static void MaskEcho(JsonNode? node, string sent, bool inMessage)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    if (inMessage || name is "message" or "extrainfo")
                    {
                        if (child is JsonValue v && Masked(v, sent) is { } masked)
                        {
                            o[name] = masked;
                            continue;
                        }
                    }
                    MaskEcho(child, sent, inMessage || name is "message" or "extrainfo");
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (inMessage && a[i] is JsonValue v && Masked(v, sent) is { } masked)
                    {
                        a[i] = masked;
                        continue;
                    }
                    MaskEcho(a[i], sent, inMessage);
                }
                break;
        }
    }

    private static string? Masked(JsonValue value, string sent)
    {
        var text = value.ToJsonString().Trim('"');
        return text == sent ? "{sent}"
            : value.TryGetValue<string>(out var s) && s.Contains(sent, StringComparison.Ordinal)
                ? System.Text.RegularExpressions.Regex.Replace(s, $@"(?<![\w-]){System.Text.RegularExpressions.Regex.Escape(sent)}(?![\w-])", "{sent}")
                : null;
    }
}
