using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Members;

public sealed class AddUserTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string NewEmail() => $"member-{Guid.NewGuid():N}@example.test";

    /// <summary>The fields of the add-user sample's user_info.</summary>
    private static readonly string[] AddUserSampleFields =
    [
        "id", "user_id", "authentication_point_identifier", "first_name", "last_name", "gender", "birthday", "country_code",
        "address_streetname", "address_housenumber", "address_housenumber_extension", "address_line_2", "address_line_3",
        "address_towncity", "address_regionstate", "address_postalcode", "username", "phone_number", "member_number", "language",
        "opt_in_secondary", "mailing_list", "entity_code", "opt_in_programme", "signup_store", "home_store", "registered",
        "is_employee", "user_type", "updated_existing_user", "loyalty_status", "frequency", "recency", "monetary", "overall",
        "stores", "online_shopper", "offline_shopper", "average_basket_value", "days_since_last_purchase", "number_of_purchases",
        "referring_user", "referral_code",
    ];

    [Theory, AllEngines]
    public async Task Add_user_with_every_parameter_answers_the_user_info_of_the_sample(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var signupStore = (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "ACME Inc"), ("owner_code", "1383"))).Results.GetProperty("business").GetProperty("id").GetInt32();
        var homeStore = (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "Herengracht HQ"))).Results.GetProperty("business").GetProperty("id").GetInt32();
        var referrer = await chain.AddMemberAsync();
        var email = NewEmail();
        using var client = chain.PrivilegedClient();

        var response = await client.PostAsync("/internal/add-user",
            ("username", email), ("password", "secret-pw"), ("first_name", "Foo"), ("last_name", "Bar"), ("gender", "m"),
            ("birthday", "1986-01-30"), ("country_code", "nl"), ("address_streetname", "Herengracht"), ("address_housenumber", "504"),
            ("address_housenumber_extension", "II"), ("address_line_2", "Grachtengordel"), ("address_line_3", "Centrum"),
            ("address_towncity", "Amsterdam"), ("address_regionstate", "Noord-Holland"), ("address_postalcode", "1017 CB"),
            ("phone_number", "+31-220445641"), ("member_number", "178546-" + Guid.NewGuid().ToString("N")[..6]), ("language", "en-GB"),
            ("opt_in_secondary", "true"), ("mailing_list_sub_offered", "true"), ("mailing_list_subscribed", "false"),
            ("printed_mailing_list_subscribed", "1"), ("authentication_point_identifier", "10555454555"), ("auxiliary_identifier", "aux-1"),
            ("is_employee", "false"), ("store_id", Id(signupStore)), ("home_store_id", Id(homeStore)), ("referral_code", referrer.ReferralCode!),
            ("affiliate_code", "friends-2026"));

        response.AssertOk("add-user");
        var user = response.Results.GetProperty("user_info");
        foreach (var field in AddUserSampleFields)
        {
            Assert.True(user.TryGetProperty(field, out _), $"user_info lacks {field}");
        }
        Assert.Equal(user.GetProperty("id").GetInt32(), user.GetProperty("user_id").GetInt32());
        Assert.Equal("M", user.GetProperty("gender").GetString());
        Assert.Equal("1986-01-30T00:00:00+00:00", user.GetProperty("birthday").GetString());
        Assert.Equal("NL", user.GetProperty("country_code").GetString());
        Assert.Equal(email, user.GetProperty("username").GetString());
        Assert.Equal("custom", user.GetProperty("entity_code").GetProperty("type").GetString());
        Assert.Equal(user.GetProperty("member_number").GetString(), user.GetProperty("entity_code").GetProperty("code").GetString());
        Assert.True(user.GetProperty("mailing_list").GetProperty("mailing_list_sub_offered").GetBoolean());
        Assert.False(user.GetProperty("mailing_list").GetProperty("mailing_list_subscribed").GetBoolean());
        Assert.True(user.GetProperty("mailing_list").GetProperty("printed_mailing_list_subscribed").GetBoolean());
        Assert.True(user.GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", user.GetProperty("opt_in_programme").GetProperty("join_date").GetString());
        Assert.Equal(signupStore, user.GetProperty("signup_store").GetProperty("signup_store_id").GetInt32());
        Assert.Equal("ACME Inc", user.GetProperty("signup_store").GetProperty("signup_store_name").GetString());
        Assert.Equal(homeStore, user.GetProperty("home_store").GetProperty("home_store_id").GetInt32());
        Assert.Equal("Herengracht HQ", user.GetProperty("home_store").GetProperty("home_store_name").GetString());
        Assert.True(user.GetProperty("registered").GetBoolean());
        Assert.Equal("new", user.GetProperty("user_type").GetString());
        Assert.False(user.GetProperty("updated_existing_user").GetBoolean());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("loyalty_status").ValueKind);
        Assert.Equal(referrer.Id, user.GetProperty("referring_user").GetProperty("id").GetInt32());
        Assert.Equal(referrer.ReferralCode, user.GetProperty("referring_user").GetProperty("referral_code").GetString());
        Assert.Matches("^[a-z0-9]{6}$", user.GetProperty("referral_code").GetString());
        Assert.Equal(0, user.GetProperty("number_of_purchases").GetInt32());
        Assert.Equal("0.00", user.GetProperty("average_basket_value").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("days_since_last_purchase").ValueKind);

        // The affiliate code is kept for the referral campaign; the shopper.created event is in the outbox.
        var stored = await chain.App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Username == email));
        Assert.Equal("friends-2026", stored.AffiliateCode);
        var events = await OutboxReader.BodiesAsync(chain, "shopper.created");
        Assert.Contains(events, e => e.GetProperty("data").GetProperty("spaaza_id").GetInt32() == stored.Id);
    }

    [Theory, AllEngines]
    public async Task Without_a_member_number_tessera_gives_the_user_id_as_a_regular_entity_code(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var response = await client.PostAsync("/internal/add-user", ("username", NewEmail()));
        response.AssertOk("add-user");
        var user = response.Results.GetProperty("user_info");
        var id = Id(user.GetProperty("user_id").GetInt32());
        Assert.Equal(id, user.GetProperty("member_number").GetString());
        Assert.Equal("regular", user.GetProperty("entity_code").GetProperty("type").GetString());
        Assert.Equal(id, user.GetProperty("entity_code").GetProperty("code").GetString());
    }

    [Theory, AllEngines]
    public async Task Programme_opt_in_and_registered_default_to_true(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var user = (await client.PostAsync("/internal/add-user", ("username", NewEmail()))).Results.GetProperty("user_info");
        Assert.True(user.GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        Assert.True(user.GetProperty("registered").GetBoolean());
        Assert.False(user.GetProperty("is_employee").GetBoolean());

        var optedOut = (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("programme_opted_in", "false"), ("registered", "0"))).Results.GetProperty("user_info");
        Assert.False(optedOut.GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        Assert.Equal(JsonValueKind.Null, optedOut.GetProperty("opt_in_programme").GetProperty("join_date").ValueKind);
        Assert.False(optedOut.GetProperty("registered").GetBoolean());
    }

    [Theory]
    [InlineData("username", "not-an-email", 1)]
    [InlineData("password", "12345", 2)]
    [InlineData("gender", "X", 96)]
    [InlineData("birthday", "30-01-1986", 237)]
    [InlineData("birthday", "1986-01-30T00:00:00", 237)]
    [InlineData("country_code", "XX", 420)]
    [InlineData("country_code", "NLD", 420)]
    [InlineData("language", "english please", 419)]
    [InlineData("mailing_list_subscribed", "maybe", 291)]
    [InlineData("mailing_list_sub_offered", "maybe", 292)]
    [InlineData("programme_opted_in", "maybe", 321)]
    [InlineData("printed_mailing_list_subscribed", "maybe", 316)]
    [InlineData("registered", "maybe", 316)]
    [InlineData("is_employee", "maybe", 316)]
    [InlineData("opt_in_secondary", "maybe", 316)]
    [InlineData("update_if_exists", "maybe", 316)]
    [InlineData("store_id", "first", 423)]
    [InlineData("home_store_id", "1.5", 423)]
    [InlineData("store_id", "999999", 144)]
    [InlineData("branch_business_owner_code", "no-such-branch", 144)]
    public async Task Add_user_refuses_a_bad_parameter_with_its_code_and_stores_nothing(string field, string value, int code)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var parameters = new List<(string, string)> { ("username", NewEmail()), ("password", "long-enough") };
        parameters.RemoveAll(p => p.Item1 == field);
        parameters.Add((field, value));

        var response = await client.PostAsync("/internal/add-user", [.. parameters]);

        response.AssertError(ErrorCodes.Find(code)!);
        Assert.Equal(0, await chain.App.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin)));
    }

    [Theory]
    [InlineData("first_name", 256)]
    [InlineData("last_name", 256)]
    [InlineData("address_streetname", 256)]
    [InlineData("address_postalcode", 33)]
    [InlineData("phone_number", 65)]
    [InlineData("member_number", 256)]
    public async Task Add_user_refuses_overlong_strings_with_417(string field, int length)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()), (field, new string('7', length)))).AssertError(ErrorCodes.StringParameterTooLong);
    }

    [Theory, AllEngines]
    public async Task Add_user_needs_a_username(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user", ("first_name", "Nameless"))).AssertError(ErrorCodes.HttpVarsMissing);
    }

    [Theory, AllEngines]
    public async Task An_existing_username_is_234_and_an_existing_member_number_427(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "card-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user", ("username", member.Username.ToUpperInvariant()))).AssertError(ErrorCodes.UserAlreadyExists);
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("member_number", member.MemberNumber!))).AssertError(ErrorCodes.MemberNumberDuplicate);
    }

    [Theory, AllEngines]
    public async Task A_member_number_above_the_apps_maximum_is_426(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        await chain.App.WithDbAsync(async db =>
        {
            var app = await db.Apps.SingleAsync(a => a.ChainId == chain.ChainId);
            app.MemberNumberMax = 5000;
            return await db.SaveChangesAsync();
        });
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("member_number", "5001"))).AssertError(ErrorCodes.MemberNumberRangeInvalid);
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("member_number", "5000"))).AssertOk("add-user");
    }

    [Theory, AllEngines]
    public async Task Update_if_exists_updates_the_member_found_by_any_identifier(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "upd-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = chain.PrivilegedClient();

        var response = await client.PostAsync("/internal/add-user",
            ("username", NewEmail()), ("member_number", member.MemberNumber!), ("first_name", "Renamed"), ("update_if_exists", "true"));

        response.AssertOk("add-user");
        var user = response.Results.GetProperty("user_info");
        Assert.Equal(member.Id, user.GetProperty("user_id").GetInt32());
        Assert.Equal("Renamed", user.GetProperty("first_name").GetString());
        Assert.Equal("registered", user.GetProperty("user_type").GetString());
        Assert.True(user.GetProperty("updated_existing_user").GetBoolean());
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin)));
    }

    [Theory, AllEngines]
    public async Task Update_if_exists_matching_two_different_members_is_434(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var first = await chain.AddMemberAsync();
        var second = await chain.AddMemberAsync(memberNumber: "two-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/internal/add-user", ("username", first.Username), ("member_number", second.MemberNumber!), ("update_if_exists", "1")))
            .AssertError(ErrorCodes.TooManyDuplicateObjects);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Admins_add_users_with_assign_permission_on_the_chain_they_name(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var superUser = await chain.AdminClientAsync();
        (await superUser.PostAsync("/internal/add-user", ("username", NewEmail()))).AssertError(ErrorCodes.ChainIdRequired);
        (await superUser.PostAsync("/internal/add-user", ("chain_id", Id(chain.ChainId)), ("username", NewEmail()))).AssertOk("add-user");

        var (reader, readerPassword) = await chain.AddAdminAsync(read: true, write: true);
        using var noAssign = await chain.LoginAsync(reader.Username, readerPassword, withApp: false);
        (await noAssign.PostAsync("/internal/add-user", ("chain_id", Id(chain.ChainId)), ("username", NewEmail()))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        var (assigner, assignerPassword) = await chain.AddAdminAsync(assign: true);
        using var withAssign = await chain.LoginAsync(assigner.Username, assignerPassword, withApp: false);
        (await withAssign.PostAsync("/internal/add-user", ("chain_id", Id(chain.ChainId)), ("username", NewEmail()))).AssertOk("add-user");
    }

    [Theory, AllEngines]
    public async Task Members_sign_themselves_up_through_the_app_hostname_without_updating_others(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var anonymous = chain.App.Client().App(chain.Hostname);
        var email = NewEmail();
        (await anonymous.PostAsync("/internal/add-user", ("username", email), ("password", "my-password"))).AssertOk("add-user");
        // The new member can log in straight away.
        (await anonymous.PostAsync("/auth/login", ("username", email), ("password", "my-password"))).AssertOk("login");
        // update_if_exists is for admins and privileged clients only.
        (await anonymous.PostAsync("/internal/add-user", ("username", email), ("first_name", "Mallory"), ("update_if_exists", "true"))).AssertError(ErrorCodes.UserAlreadyExists);

        using var noApp = chain.App.Client();
        (await noApp.PostAsync("/internal/add-user", ("username", NewEmail()))).AssertError(ErrorCodes.NoMypriceApp);
    }

    [Theory]
    [InlineData("pos", "pos")]
    [InlineData("Mobile", "mobile")]
    [InlineData("import", "import")]
    public async Task The_x_spaaza_request_header_records_the_signup_channel(string channel, string stored)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var client = chain.PrivilegedClient().Header("X-Spaaza-Request", $"{{\"client_channel\":\"{channel}\"}}");
        var response = await client.PostAsync("/internal/add-user", ("username", NewEmail()));
        Assert.Equal(stored, response.Results.GetProperty("user_info").GetProperty("signup_channel").GetString());
    }

    [Fact]
    public async Task An_unknown_signup_channel_is_411()
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var client = chain.PrivilegedClient().Header("X-Spaaza-Request", "{\"client_channel\":\"fax\"}");
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()))).AssertError(ErrorCodes.ParameterNotInWhitelist);
    }

    [Theory, AllEngines]
    public async Task Birthdays_with_an_offset_are_stored_in_utc(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var user = (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("birthday", "1983-07-27T01:00:00+02:00"))).Results.GetProperty("user_info");
        Assert.Equal("1983-07-26T23:00:00+00:00", user.GetProperty("birthday").GetString());
    }

    [Theory, AllEngines]
    public async Task Store_id_wins_over_the_branch_code_and_another_chains_store_is_144(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        using var otherAdmin = await other.AdminClientAsync();
        var byId = (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "By id"))).Results.GetProperty("business").GetProperty("id").GetInt32();
        (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "By code"), ("owner_code", "BC-1"))).AssertOk("add-business");
        var foreign = (await otherAdmin.PostAsync("/internal/add-business", ("chain_id", Id(other.ChainId)), ("name", "Foreign"))).Results.GetProperty("business").GetProperty("id").GetInt32();
        using var client = chain.PrivilegedClient();

        var both = await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("store_id", Id(byId)), ("branch_business_owner_code", "BC-1"));
        Assert.Equal("By id", both.Results.GetProperty("user_info").GetProperty("signup_store").GetProperty("signup_store_name").GetString());
        var byCode = await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("branch_business_owner_code", "BC-1"));
        Assert.Equal("By code", byCode.Results.GetProperty("user_info").GetProperty("signup_store").GetProperty("signup_store_name").GetString());
        (await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("store_id", Id(foreign)))).AssertError(ErrorCodes.BusinessIdNotFound);
    }

    [Theory, AllEngines]
    public async Task An_unknown_referral_code_is_a_warning_and_the_member_is_still_added(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var response = await client.PostAsync("/internal/add-user", ("username", NewEmail()), ("referral_code", "zzzzzz"));
        response.AssertOk("add-user");
        var warning = Assert.Single(response.Json.GetProperty("warnings").EnumerateArray());
        Assert.Equal(ErrorCodes.ObjectParameterInvalid.Code, warning.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, response.Results.GetProperty("user_info").GetProperty("referring_user").ValueKind);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_sign_ups_with_one_username_create_exactly_one_member(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var email = NewEmail();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var client = chain.PrivilegedClient();
            return await client.PostAsync("/internal/add-user", ("username", email));
        }));
        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != System.Net.HttpStatusCode.OK), r => r.AssertError(ErrorCodes.UserAlreadyExists));
        Assert.Equal(1, await chain.App.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && u.UsernameNormalized == email)));
    }

    [Theory, AllEngines]
    public async Task Nobody_adds_members_to_another_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        using var adminA = await a.AdminClientAsync();
        (await adminA.PostAsync("/internal/add-user", ("chain_id", Id(b.ChainId)), ("username", NewEmail()))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        using var privilegedA = a.PrivilegedClient(withApp: false).App(b.Hostname);
        (await privilegedA.PostAsync("/internal/add-user", ("username", NewEmail()))).AssertError(ErrorCodes.InvalidMyPriceApp);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == b.ChainId && !u.IsAdmin)));
    }
}
