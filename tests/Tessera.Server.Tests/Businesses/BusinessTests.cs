using System.Globalization;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Businesses;

public sealed class BusinessTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static (string, string)[] SampleBranch(int chainId, string ownerCode) =>
    [
        ("chain_id", Id(chainId)),
        ("name", "ACME Inc"),
        ("address_1", "Herengracht 504"),
        ("address_2", "Foo"),
        ("address_3", "Bar"),
        ("address_towncity", "Amsterdam"),
        ("region", "Noord Holland"),
        ("postalcode", "1017 CB"),
        ("countrycode", "NL"),
        ("latitude", "52.3702157"),
        ("longitude", "1.89516789"),
        ("owner_code", ownerCode),
        ("email_address", "ops@spaaza.com"),
        ("website_url", "http://www.spaaza.com"),
        ("business_image_url", "https://media.example.test/logo.png"),
        ("business_review_url", "https://g.page/spaaza/review"),
    ];

    [Theory, AllEngines]
    public async Task Add_business_returns_the_business_object_of_the_alter_business_sample(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();

        var response = await admin.PostAsync("/internal/add-business", SampleBranch(chain.ChainId, "10001"));

        response.AssertOk("add-business");
        var b = response.Results.GetProperty("business");
        string[] sampleFields =
        [
            "id", "chain_id", "name", "address_1", "address_2", "address_3", "towncity", "region", "postalcode", "countrycode",
            "latitude", "longitude", "owner_code", "email_address", "website_url", "business_image_url", "business_review_url", "type",
        ];
        Assert.Equal(sampleFields.Order(), b.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(chain.ChainId, b.GetProperty("chain_id").GetInt32());
        Assert.Equal("ACME Inc", b.GetProperty("name").GetString());
        Assert.Equal("Amsterdam", b.GetProperty("towncity").GetString());
        Assert.Equal("NL", b.GetProperty("countrycode").GetString());
        Assert.Equal("52.37021570", b.GetProperty("latitude").GetString());
        Assert.Equal("1.89516789", b.GetProperty("longitude").GetString());
        Assert.Equal("10001", b.GetProperty("owner_code").GetString());
        Assert.Equal("business", b.GetProperty("type").GetString());
    }

    [Theory, AllEngines]
    public async Task Alter_business_changes_the_fields_sent_clears_the_ones_sent_empty_and_keeps_the_rest(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var added = await admin.PostAsync("/internal/add-business", SampleBranch(chain.ChainId, "B1"));
        var businessId = added.Results.GetProperty("business").GetProperty("id").GetInt32();

        var altered = await admin.PutAsync("/internal/alter-business",
            ("business_id", Id(businessId)), ("name", "ACME Centraal"), ("address_2", ""), ("latitude", "-33.9249"));

        altered.AssertOk("alter-business");
        var b = altered.Results.GetProperty("business");
        Assert.Equal(businessId, b.GetProperty("id").GetInt32());
        Assert.Equal("ACME Centraal", b.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("address_2").ValueKind);
        Assert.Equal("Bar", b.GetProperty("address_3").GetString());
        Assert.Equal("-33.92490000", b.GetProperty("latitude").GetString());

        var list = await admin.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)));
        list.AssertOk("get-businesses");
        var only = Assert.Single(list.Results.GetProperty("businesses").EnumerateArray());
        Assert.Equal("ACME Centraal", only.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("name", 129, 124)]
    [InlineData("address_1", 129, 126)]
    [InlineData("address_2", 129, 127)]
    [InlineData("address_3", 129, 128)]
    [InlineData("address_towncity", 57, 129)]
    [InlineData("region", 57, 130)]
    [InlineData("postalcode", 21, 131)]
    [InlineData("owner_code", 33, 143)]
    public async Task Alter_business_refuses_overlong_fields_with_their_code(string field, int length, int code)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "Shop"));
        var businessId = added.Results.GetProperty("business").GetProperty("id").GetInt32();

        var response = await admin.PutAsync("/internal/alter-business", ("business_id", Id(businessId)), (field, new string('x', length)));

        response.AssertError(ErrorCodes.Find(code)!);
        var unchanged = await admin.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)));
        Assert.Equal("Shop", unchanged.Results.GetProperty("businesses")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("countrycode", "XX", 132)]
    [InlineData("countrycode", "NLD", 132)]
    [InlineData("latitude", "90.5", 133)]
    [InlineData("latitude", "north", 133)]
    [InlineData("longitude", "-180.01", 134)]
    [InlineData("email_address", "not-an-email", 135)]
    [InlineData("website_url", "www.example", 138)]
    [InlineData("business_review_url", "ftp://example.test/x", 433)]
    public async Task Alter_business_refuses_malformed_values_with_their_code(string field, string value, int code)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "Shop"));
        var businessId = added.Results.GetProperty("business").GetProperty("id").GetInt32();
        (await admin.PutAsync("/internal/alter-business", ("business_id", Id(businessId)), (field, value))).AssertError(ErrorCodes.Find(code)!);
    }

    [Theory, AllEngines]
    public async Task Business_ids_and_chain_ids_are_validated(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        (await admin.PutAsync("/internal/alter-business", ("name", "x"))).AssertError(ErrorCodes.BusinessIdNotPresent);
        (await admin.PutAsync("/internal/alter-business", ("business_id", "1x"))).AssertError(ErrorCodes.BusinessIdInvalid);
        (await admin.PutAsync("/internal/alter-business", ("business_id", "999999"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await admin.PostAsync("/internal/add-business", ("name", "x"))).AssertError(ErrorCodes.ChainIdRequired);
        (await admin.PostAsync("/internal/add-business", ("chain_id", "one"), ("name", "x"))).AssertError(ErrorCodes.ChainIdInvalid);
        (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.GetAsync("/internal/get-businesses")).AssertError(ErrorCodes.ChainIdRequired);
    }

    [Theory, AllEngines]
    public async Task An_owner_code_names_one_branch_of_a_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        using var otherAdmin = await other.AdminClientAsync();
        (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "A"), ("owner_code", "S1"))).AssertOk("add-business");
        (await admin.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "B"), ("owner_code", "S1"))).AssertError(ErrorCodes.TooManyDuplicateObjects);
        (await otherAdmin.PostAsync("/internal/add-business", ("chain_id", Id(other.ChainId)), ("name", "C"), ("owner_code", "S1"))).AssertOk("add-business");
    }

    [Theory, AllEngines]
    public async Task Privileged_clients_manage_businesses_of_their_chain_with_the_app_header(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var privileged = chain.PrivilegedClient();
        var added = await privileged.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "Webshop"));
        added.AssertOk("add-business");
        var businessId = added.Results.GetProperty("business").GetProperty("id").GetInt32();
        (await privileged.PutAsync("/internal/alter-business", ("business_id", Id(businessId)), ("name", "Webshop NL"))).AssertOk("alter-business");
        (await privileged.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertOk("get-businesses");

        using var noApp = chain.PrivilegedClient(withApp: false);
        (await noApp.PutAsync("/internal/alter-business", ("business_id", Id(businessId)), ("name", "x"))).AssertError(ErrorCodes.NoMypriceApp);
    }

    [Theory, AllEngines]
    public async Task Admin_permissions_decide_who_reads_and_who_writes(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var superUser = await chain.AdminClientAsync();
        var first = (await superUser.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "One"))).Results.GetProperty("business").GetProperty("id").GetInt32();
        var second = (await superUser.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "Two"))).Results.GetProperty("business").GetProperty("id").GetInt32();

        var (reader, readerPassword) = await chain.AddAdminAsync(read: true);
        using var readOnly = await chain.LoginAsync(reader.Username, readerPassword, withApp: false);
        (await readOnly.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertOk("get-businesses");
        (await readOnly.PutAsync("/internal/alter-business", ("business_id", Id(first)), ("name", "x"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await readOnly.PostAsync("/internal/add-business", ("chain_id", Id(chain.ChainId)), ("name", "x"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        var (manager, managerPassword) = await chain.AddAdminAsync(read: true, write: true, businessId: first);
        using var branchManager = await chain.LoginAsync(manager.Username, managerPassword, withApp: false);
        (await branchManager.PutAsync("/internal/alter-business", ("business_id", Id(first)), ("name", "One bis"))).AssertOk("alter-business");
        (await branchManager.PutAsync("/internal/alter-business", ("business_id", Id(second)), ("name", "x"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        var visible = await branchManager.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)));
        visible.AssertOk("get-businesses");
        Assert.Equal([first], visible.Results.GetProperty("businesses").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));

        var (nobody, nobodyPassword) = await chain.AddAdminAsync();
        using var noRights = await chain.LoginAsync(nobody.Username, nobodyPassword, withApp: false);
        (await noRights.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Business_calls_need_an_admin_or_privileged_caller(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var anonymous = chain.App.Client();
        (await anonymous.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.NoValidSession);
        using var asMember = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        (await asMember.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.AccessDenied);
        using var badSession = chain.App.Client().WithSession(chain.Result.AdminUserId, new string('b', 64));
        (await badSession.GetAsync("/internal/get-businesses", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.NoValidSession);
    }
}
