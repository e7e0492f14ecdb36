using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Members;

public sealed class SearchNotesLevelTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<int> AddAsync(TestChain chain, string first, string last, string? memberNumber = null, bool optedIn = true)
    {
        using var client = chain.PrivilegedClient();
        var parameters = new List<(string, string)>
        {
            ("username", $"{first}.{last}.{Guid.NewGuid():N}@example.test".Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()), ("first_name", first), ("last_name", last),
            ("programme_opted_in", optedIn ? "true" : "false"), ("gender", "M"), ("birthday", "1982-06-30"), ("country_code", "NL"),
        };
        if (memberNumber is not null)
        {
            parameters.Add(("member_number", memberNumber));
        }
        var response = await client.PostAsync("/internal/add-user", [.. parameters]);
        response.AssertOk("add-user");
        return response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
    }

    private static async Task<List<JsonElement>> SearchAsync(SpaazaClient admin, TestChain chain, params (string, string)[] parameters)
    {
        using var content = new FormUrlEncodedContent(parameters.Append(("chain_id", Id(chain.ChainId))).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));
        using var response = await admin.Http.PostAsync("/search/users", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    // ---- search ----

    [Theory, AllEngines]
    public async Task Search_finds_members_by_name_username_and_member_number_prefixes(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var john = await AddAsync(chain, "John", "Smith", memberNumber: "100002");
        var jane = await AddAsync(chain, "Jane", "Smithson", memberNumber: "100003");
        var piet = await AddAsync(chain, "Piet", "de Vries", memberNumber: "200001");
        using var admin = (await chain.AdminClientAsync()).Header("Session-Chain-Id", Id(chain.ChainId));

        Assert.Equal([john, jane], (await SearchAsync(admin, chain, ("query", "smith"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal([john], (await SearchAsync(admin, chain, ("query", "john SMITH"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal([piet], (await SearchAsync(admin, chain, ("query", "vries"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal([john, jane], (await SearchAsync(admin, chain, ("query", "10000"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal([jane], (await SearchAsync(admin, chain, ("query", "jane.smithson"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Empty(await SearchAsync(admin, chain, ("query", "nobody")));

        var first = (await SearchAsync(admin, chain, ("query", "john")))[0];
        Assert.Equal("100002", first.GetProperty("entity_code").GetProperty("code").GetString());
        Assert.Equal("John", first.GetProperty("firstname").GetString());
        Assert.Equal("Smith", first.GetProperty("lastname").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first.GetProperty("created_date").GetString());
        Assert.Equal("1982-06-30T00:00:00Z", first.GetProperty("birthday").GetString());
        Assert.Equal("M", first.GetProperty("gender").GetString());
        Assert.True(first.GetProperty("spaaza_opted_in").GetBoolean());
        Assert.Equal("NL", first.GetProperty("country_code").GetString());
        Assert.Equal("", first.GetProperty("store_id").GetString());
        Assert.Contains("@example.test", first.GetProperty("username").GetString(), StringComparison.Ordinal);
    }

    [Theory, AllEngines]
    public async Task Search_pages_and_filters_on_opt_in(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await AddAsync(chain, "Page", "Member" + i, optedIn: i % 2 == 0));
        }
        using var admin = await chain.AdminClientAsync();
        Assert.Equal(ids.Take(2), (await SearchAsync(admin, chain, ("query", "page"), ("count", "2"), ("page", "1"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal(ids.Skip(4), (await SearchAsync(admin, chain, ("query", "page"), ("count", "2"), ("page", "3"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal([ids[1], ids[3]], (await SearchAsync(admin, chain, ("query", "page"), ("opted_in", "0"))).Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal(5, (await SearchAsync(admin, chain)).Count);
    }

    [Theory, AllEngines]
    public async Task Search_follows_renames_and_forgets_deleted_members(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var id = await AddAsync(chain, "Old", "Name");
        using var privileged = chain.PrivilegedClient();
        await privileged.PutAsync("/internal/alter-user", ("user_id", Id(id)), ("last_name", "Newname"));
        using var admin = await chain.AdminClientAsync();
        Assert.Empty(await SearchAsync(admin, chain, ("query", "name")));
        Assert.Single(await SearchAsync(admin, chain, ("query", "newname")));
        await privileged.DeleteAsync("/delete-user", ("user_id", Id(id)));
        Assert.Empty(await SearchAsync(admin, chain, ("query", "newname")));
        Assert.Empty(await SearchAsync(admin, chain, ("query", "deleted")));
    }

    [Theory, AllEngines]
    public async Task Search_is_for_admins_who_may_read_the_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        await AddAsync(b, "Secret", "Member");
        using var adminA = await a.AdminClientAsync();
        using var content = new FormUrlEncodedContent([new("chain_id", Id(b.ChainId)), new("query", "secret")]);
        using var response = await adminA.Http.PostAsync("/search/users", content);
        new SpaazaResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), null).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        using var privileged = b.PrivilegedClient();
        (await privileged.PostAsync("/search/users", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.AccessDenied);
    }

    // ---- notes ----

    [Theory, AllEngines]
    public async Task Notes_are_added_and_deleted_with_the_objects_of_the_spec(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();

        var added = await admin.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)), ("text", "Customer very happy with her latest dress purchase."));

        added.AssertOk("add-user-note");
        var note = added.Results;
        Assert.Equal("Customer very happy with her latest dress purchase.", note.GetProperty("text").GetString());
        Assert.Equal(member.Id, note.GetProperty("user_id").GetInt32());
        Assert.Equal(chain.Result.AdminUserId, note.GetProperty("creating_user_id").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", note.GetProperty("created_date").GetString());
        var noteId = note.GetProperty("id").GetInt32();

        var deleted = await admin.DeleteAsync("/internal/delete-user-note", ("user_note_id", Id(noteId)));
        deleted.AssertOk("delete-user-note");
        Assert.Equal(noteId, deleted.Results.GetProperty("id").GetInt32());
        Assert.True(deleted.Results.GetProperty("deleted").GetBoolean());
        (await admin.DeleteAsync("/internal/delete-user-note", ("user_note_id", Id(noteId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Note_text_is_required_and_at_most_1000_characters(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)))).AssertError(ErrorCodes.HttpVarsMissing);
        (await client.PostAsync("/internal/add-user-note", ("text", "x"))).AssertError(ErrorCodes.UserIdNotPresent);
        (await client.PostAsync("/internal/add-user-note", ("user_id", "x"), ("text", "x"))).AssertError(ErrorCodes.UserIdInvalid);
        (await client.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)), ("text", new string('n', 1001)))).AssertError(ErrorCodes.StringParameterTooLong);
        var ok = await client.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)), ("text", new string('n', 1000)));
        ok.AssertOk("add-user-note");
        Assert.Equal(JsonValueKind.Null, ok.Results.GetProperty("creating_user_id").ValueKind);
    }

    [Theory, AllEngines]
    public async Task Notes_of_another_chains_members_cannot_be_written_or_deleted(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var memberOfB = await b.AddMemberAsync();
        using var privilegedB = b.PrivilegedClient();
        var noteOfB = (await privilegedB.PostAsync("/internal/add-user-note", ("user_id", Id(memberOfB.Id)), ("text", "B's note"))).Results.GetProperty("id").GetInt32();
        using var adminA = await a.AdminClientAsync();
        using var privilegedA = a.PrivilegedClient();
        (await adminA.PostAsync("/internal/add-user-note", ("user_id", Id(memberOfB.Id)), ("text", "intrusion"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privilegedA.PostAsync("/internal/add-user-note", ("user_id", Id(memberOfB.Id)), ("text", "intrusion"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.DeleteAsync("/internal/delete-user-note", ("user_note_id", Id(noteOfB)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privilegedA.DeleteAsync("/internal/delete-user-note", ("user_note_id", Id(noteOfB)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        Assert.Equal(1, await app.WithDbAsync(db => db.UserNotes.CountAsync(n => n.UserId == memberOfB.Id)));
    }

    // ---- alter-loyalty-level ----

    private static Task<LoyaltyLevel> AddLevelAsync(TestChain chain, string name) =>
        chain.App.WithDbAsync(async db =>
        {
            var level = new LoyaltyLevel { ChainId = chain.ChainId, CampaignId = 2095, Name = name, Description = name + " level in the Loyalty Programme", Position = 1 };
            db.LoyaltyLevels.Add(level);
            await db.SaveChangesAsync();
            return level;
        });

    [Theory, AllEngines]
    public async Task An_admin_with_write_sets_a_members_level_and_the_change_is_an_event(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "lvl-" + Guid.NewGuid().ToString("N")[..8]);
        var vip = await AddLevelAsync(chain, "VIP");
        using var admin = await chain.AdminClientAsync();

        var response = await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(vip.Id)));

        response.AssertOk("alter-user-loyalty-level");
        var level = response.Results.GetProperty("loyalty_level");
        Assert.Equal(vip.Id, level.GetProperty("id").GetInt32());
        Assert.Equal(2095, level.GetProperty("campaign_id").GetInt32());
        Assert.Equal("VIP", level.GetProperty("name").GetString());
        Assert.Equal("VIP level in the Loyalty Programme", level.GetProperty("description").GetString());
        Assert.Equal("0", level.GetProperty("automated_level_logic").GetString());
        Assert.Equal(vip.Id, await chain.App.WithDbAsync(db => db.MemberLoyaltyLevels.Where(m => m.UserId == member.Id).Select(m => m.LoyaltyLevelId).SingleAsync()));

        (await admin.PutAsync("/auth/alter-loyalty-level", ("member_number", member.MemberNumber!), ("loyalty_level_id", Id(vip.Id)))).AssertOk("alter-user-loyalty-level");
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "shopper.loyalty-level-changed")));
    }

    [Theory, AllEngines]
    public async Task Alter_loyalty_level_refuses_unknown_levels_privileged_clients_and_missing_identifiers(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var levelOfOther = await AddLevelAsync(other, "Gold");
        using var admin = await chain.AdminClientAsync();
        (await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", "987654"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(levelOfOther.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await admin.PutAsync("/auth/alter-loyalty-level", ("loyalty_level_id", Id(levelOfOther.Id)))).AssertError(ErrorCodes.UserIdOrMemberNumberRequired);
        (await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)))).AssertError(ErrorCodes.HttpVarsMissing);
        using var privileged = chain.PrivilegedClient();
        (await privileged.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(levelOfOther.Id)))).AssertError(ErrorCodes.AccessDenied);

        var level = await AddLevelAsync(chain, "Silver");
        var (reader, password) = await chain.AddAdminAsync(read: true, assign: true);
        using var noWrite = await chain.LoginAsync(reader.Username, password, withApp: false);
        (await noWrite.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(level.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        // An admin of the other chain cannot set a level on this chain's member.
        using var otherAdmin = await other.AdminClientAsync();
        (await otherAdmin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(levelOfOther.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        Assert.False(await app.WithDbAsync(db => db.MemberLoyaltyLevels.AnyAsync(m => m.UserId == member.Id)));
    }
}
