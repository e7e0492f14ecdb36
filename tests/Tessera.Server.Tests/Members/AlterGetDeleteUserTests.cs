using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Members;

public sealed class AlterGetDeleteUserTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string NewEmail() => $"member-{Guid.NewGuid():N}@example.test";

    // ---- alter-user ----

    [Theory, AllEngines]
    public async Task Alter_user_changes_what_is_sent_clears_what_is_sent_empty_and_keeps_the_rest(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        (await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("address_housenumber_extension", "II"), ("phone_number", "+31 20 1234"))).AssertOk("alter-user");

        var response = await client.PutAsync("/internal/alter-user",
            ("user_id", Id(member.Id)), ("first_name", "Foo"), ("address_housenumber_extension", ""), ("language", "nl-BE"), ("gender", "f"));

        response.AssertOk("alter-user");
        var user = response.Results.GetProperty("user_info");
        Assert.Equal("Foo", user.GetProperty("first_name").GetString());
        Assert.Equal("Smith", user.GetProperty("last_name").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("address_housenumber_extension").ValueKind);
        Assert.Equal("+31 20 1234", user.GetProperty("phone_number").GetString());
        Assert.Equal("nl-BE", user.GetProperty("language").GetString());
        Assert.Equal("nl", user.GetProperty("lang_code").GetString());
        Assert.Equal("F", user.GetProperty("gender").GetString());
        // spec alter-user sample: "user_type": "registered".
        Assert.Equal("registered", user.GetProperty("user_type").GetString());
    }

    [Theory, AllEngines]
    public async Task Identified_by_user_id_a_new_username_and_identifier_are_new_values(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var other = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        var email = NewEmail();
        var response = await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("username", email), ("authentication_point_identifier", "shop-77"));
        Assert.Equal(email, response.Results.GetProperty("user_info").GetProperty("username").GetString());
        Assert.Equal("shop-77", response.Results.GetProperty("user_info").GetProperty("authentication_point_identifier").GetString());
        (await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("username", other.Username))).AssertError(ErrorCodes.UserAlreadyExists);

        // Identified by the identifier, the member is found by it.
        var byIdentifier = await client.PutAsync("/internal/alter-user", ("authentication_point_identifier", "shop-77"), ("last_name", "Jansen"));
        Assert.Equal(member.Id, byIdentifier.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Admins_identify_a_member_by_username_too_and_need_assign(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "adm-" + Guid.NewGuid().ToString("N")[..8]);
        using var admin = await chain.AdminClientAsync();
        // spec alter-user footnote (and Spaaza's examples): an admin may name the member by username.
        (await admin.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("username", member.Username), ("first_name", "X"))).AssertOk("alter-user");
        (await admin.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("first_name", "X"))).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("member_number", member.MemberNumber!), ("first_name", "Anna"))).AssertOk("alter-user");
        (await admin.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("first_name", "X"))).AssertError(ErrorCodes.ChainIdRequired);

        var (reader, password) = await chain.AddAdminAsync(read: true);
        using var readOnly = await chain.LoginAsync(reader.Username, password, withApp: false);
        (await readOnly.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("first_name", "X"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Member_numbers_change_only_for_privileged_clients_and_admins_with_write(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var taken = await chain.AddMemberAsync(memberNumber: "taken-" + Guid.NewGuid().ToString("N")[..8]);
        var (assigner, password) = await chain.AddAdminAsync(assign: true);
        using var assignOnly = await chain.LoginAsync(assigner.Username, password, withApp: false);
        (await assignOnly.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("member_number", "N-1"))).AssertError(ErrorCodes.UpdateNotPermitted);
        (await assignOnly.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("first_name", "Fine"))).AssertOk("alter-user");

        using var superUser = await chain.AdminClientAsync();
        var number = "N-" + Guid.NewGuid().ToString("N")[..8];
        var changed = await superUser.PutAsync("/internal/alter-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("member_number", number));
        Assert.Equal(number, changed.Results.GetProperty("user_info").GetProperty("member_number").GetString());
        Assert.Equal("custom", changed.Results.GetProperty("user_info").GetProperty("entity_code").GetProperty("type").GetString());

        using var privileged = chain.PrivilegedClient();
        (await privileged.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("member_number", taken.MemberNumber!))).AssertError(ErrorCodes.MemberNumberDuplicate);
    }

    [Theory, AllEngines]
    public async Task A_member_alters_its_own_profile_but_not_its_member_number(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var other = await chain.AddMemberAsync();
        using var session = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        var response = await session.PutAsync("/internal/alter-user", ("first_name", "Self"));
        Assert.Equal("Self", response.Results.GetProperty("user_info").GetProperty("first_name").GetString());
        (await session.PutAsync("/internal/alter-user", ("member_number", "mine-1"))).AssertError(ErrorCodes.UpdateNotPermitted);
        (await session.PutAsync("/internal/alter-user", ("user_id", Id(other.Id)), ("first_name", "Hacked"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Changing_the_programme_opt_in_emits_an_event(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        var response = await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("programme_opted_in", "false"));
        Assert.False(response.Results.GetProperty("user_info").GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        var events = await OutboxReader.BodiesAsync(chain, "shopper.opted-in");
        var data = Assert.Single(events).GetProperty("data");
        Assert.Equal(member.Id, data.GetProperty("spaaza_id").GetInt32());
        Assert.False(data.GetProperty("did_opt_in").GetBoolean());
    }

    [Theory, AllEngines]
    public async Task Nobody_alters_a_member_of_another_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var memberOfB = await b.AddMemberAsync();
        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.PutAsync("/internal/alter-user", ("user_id", Id(memberOfB.Id)), ("first_name", "Hijacked"))).AssertError(ErrorCodes.UserNotFound);
        using var adminA = await a.AdminClientAsync();
        (await adminA.PutAsync("/internal/alter-user", ("chain_id", Id(b.ChainId)), ("user_id", Id(memberOfB.Id)), ("first_name", "Hijacked"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.PutAsync("/internal/alter-user", ("chain_id", Id(a.ChainId)), ("user_id", Id(memberOfB.Id)), ("first_name", "Hijacked"))).AssertError(ErrorCodes.UserNotFound);
        Assert.Equal("Jane", await app.WithDbAsync(db => db.Users.Where(u => u.Id == memberOfB.Id).Select(u => u.FirstName).SingleAsync()));
    }

    // ---- get-user ----

    /// <summary>The fields of the get-user sample's user_info, Facebook fields aside.</summary>
    private static readonly string[] GetUserSampleFields =
    [
        "id", "user_id", "authentication_point_identifier", "auxiliary_identifier", "first_name", "last_name", "country_code",
        "address_streetname", "address_housenumber", "address_housenumber_extension", "address_line_2", "address_line_3",
        "address_towncity", "address_regionstate", "address_postalcode", "lang_code", "gender", "birthday", "username", "phone_number",
        "mailing_list", "entity_code", "opt_in_programme", "registered", "is_employee", "loyalty_status", "frequency", "recency",
        "monetary", "overall", "stores", "online_shopper", "offline_shopper", "average_basket_value", "days_since_last_purchase",
        "number_of_purchases", "referring_user", "referral_code",
    ];

    [Theory, AllEngines]
    public async Task Admins_get_a_user_by_chain_and_id_with_the_fields_of_the_sample(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        var response = await admin.GetAsync("/internal/get-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)));
        response.AssertOk("get-user");
        var user = response.Results.GetProperty("user_info");
        foreach (var field in GetUserSampleFields)
        {
            Assert.True(user.TryGetProperty(field, out _), $"user_info lacks {field}");
        }
        Assert.Equal(member.Id, user.GetProperty("id").GetInt32());
        Assert.Equal(0, user.GetProperty("frequency").GetInt32());
        Assert.Equal(0, user.GetProperty("overall").GetInt32());
        Assert.Equal("", user.GetProperty("stores").GetString());
    }

    [Theory, AllEngines]
    public async Task Admins_looking_a_user_up_by_username_need_the_app_header(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        (await admin.GetAsync("/internal/get-user", ("username", member.Username))).AssertError(ErrorCodes.NoMypriceApp);
        admin.App(chain.Hostname);
        var response = await admin.GetAsync("/internal/get-user", ("username", member.Username));
        Assert.Equal(member.Id, response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Get_user_falls_back_from_username_to_the_authentication_point_identifier(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();
        await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("authentication_point_identifier", "ext-" + member.Id));
        var response = await client.GetAsync("/internal/get-user", ("username", "unknown@example.test"), ("authentication_point_identifier", "ext-" + member.Id));
        Assert.Equal(member.Id, response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
        (await client.GetAsync("/internal/get-user", ("username", "unknown@example.test"))).AssertError(ErrorCodes.UserNotFound);
        (await client.GetAsync("/internal/get-user")).AssertError(ErrorCodes.HttpVarsMissing);
    }

    [Theory, AllEngines]
    public async Task Nobody_gets_a_member_of_another_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var memberOfB = await b.AddMemberAsync();
        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.GetAsync("/internal/get-user", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.UserNotFound);
        (await privilegedA.GetAsync("/internal/get-user", ("username", memberOfB.Username))).AssertError(ErrorCodes.UserNotFound);
        using var adminA = await a.AdminClientAsync();
        (await adminA.GetAsync("/internal/get-user", ("chain_id", Id(b.ChainId)), ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        adminA.App(b.Hostname);
        (await adminA.GetAsync("/internal/get-user", ("username", memberOfB.Username))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    // ---- delete-user ----

    [Theory, AllEngines]
    public async Task Delete_user_obfuscates_the_member_as_the_sample_and_keeps_its_id_and_member_number(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "del-" + Guid.NewGuid().ToString("N")[..8]);
        using var privileged = chain.PrivilegedClient();
        await privileged.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("country_code", "IT"), ("address_streetname", "Via Roma"),
            ("birthday", "1980-01-01"), ("gender", "F"), ("phone_number", "+39 1"), ("authentication_point_identifier", "ext-del"));
        await privileged.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)), ("text", "Prefers email"));
        using var admin = await chain.AdminClientAsync();

        var response = await admin.DeleteAsync("/delete-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)));

        response.AssertOk("delete-user");
        var user = response.Results.GetProperty("user_info");
        Assert.Equal(member.Id, user.GetProperty("user_id").GetInt32());
        Assert.Equal("Deleted", user.GetProperty("first_name").GetString());
        Assert.Equal("Deleted", user.GetProperty("last_name").GetString());
        Assert.Equal($"{member.Id}@{MemberService.DeletedDomain}", user.GetProperty("username").GetString());
        Assert.Equal("IT", user.GetProperty("country_code").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("authentication_point_identifier").ValueKind);
        Assert.Equal(JsonValueKind.Null, user.GetProperty("auxiliary_identifier").ValueKind);
        Assert.Equal(JsonValueKind.Null, user.GetProperty("gender").ValueKind);
        Assert.Equal(JsonValueKind.Null, user.GetProperty("birthday").ValueKind);
        Assert.Equal(JsonValueKind.Null, user.GetProperty("phone_number").ValueKind);
        foreach (var field in new[] { "address_streetname", "address_housenumber", "address_housenumber_extension", "address_line_2", "address_line_3", "address_towncity", "address_regionstate", "address_postalcode" })
        {
            Assert.Equal(JsonValueKind.Null, user.GetProperty(field).ValueKind);
        }
        Assert.False(user.GetProperty("mailing_list").GetProperty("mailing_list_subscribed").GetBoolean());
        Assert.False(user.GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("opt_in_programme").GetProperty("join_date").ValueKind);
        Assert.False(user.GetProperty("registered").GetBoolean());
        Assert.True(user.GetProperty("obfuscated").GetBoolean());
        Assert.Equal("custom", user.GetProperty("entity_code").GetProperty("type").GetString());
        Assert.Equal(member.MemberNumber, user.GetProperty("entity_code").GetProperty("code").GetString());

        // Gone for logins, sessions and notes; the row stays for accounting; a second delete is harmless.
        using var app = chain.App.Client().App(chain.Hostname);
        (await app.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        Assert.Equal(0, await chain.App.WithDbAsync(db => db.UserNotes.CountAsync(n => n.UserId == member.Id)));
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "shopper.deleted")));
        var again = await admin.DeleteAsync("/delete-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)));
        again.AssertOk("delete-user");
        Assert.Equal(response.Results.GetProperty("user_info").ToString(), again.Results.GetProperty("user_info").ToString());
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "shopper.deleted")));
    }

    [Theory, AllEngines]
    public async Task Deleting_needs_delete_permission_and_privileged_clients_name_the_app_unless_they_send_user_id(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "pd-" + Guid.NewGuid().ToString("N")[..8]);
        var (writer, password) = await chain.AddAdminAsync(read: true, write: true, assign: true);
        using var noDelete = await chain.LoginAsync(writer.Username, password, withApp: false);
        (await noDelete.DeleteAsync("/delete-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        using var noApp = chain.PrivilegedClient(withApp: false);
        (await noApp.DeleteAsync("/delete-user", ("member_number", member.MemberNumber!))).AssertError(ErrorCodes.NoMypriceApp);
        (await noApp.DeleteAsync("/delete-user")).AssertError(ErrorCodes.HttpVarsMissing);
        (await noApp.DeleteAsync("/delete-user", ("user_id", Id(member.Id)))).AssertOk("delete-user");
    }

    [Theory, AllEngines]
    public async Task Nobody_deletes_a_member_of_another_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var memberOfB = await b.AddMemberAsync();
        using var privilegedA = a.PrivilegedClient(withApp: false);
        (await privilegedA.DeleteAsync("/delete-user", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.UserNotFound);
        using var adminA = await a.AdminClientAsync();
        (await adminA.DeleteAsync("/delete-user", ("chain_id", Id(b.ChainId)), ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == memberOfB.Id).Select(u => u.Obfuscated).SingleAsync()));
    }
}
