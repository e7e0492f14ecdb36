using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>
/// Issue 25's reproducers: input that used to answer 330 server_error (and log a stack trace) is answered 4xx with
/// the catalogue's closest code, logged once at information level, and writes nothing.
/// </summary>
public sealed class BadInputTests
{
    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends <paramref name="request"/> under a fresh correlation id; the answer and what the server logged for it.</summary>
    private static async Task<(SpaazaResponse Response, IReadOnlyList<LogEntry> Log)> SendAsync(TesseraApp app, SpaazaClient client, HttpRequestMessage request)
    {
        var correlationId = "bad-input-" + Guid.NewGuid().ToString("N");
        request.Headers.Add("X-Correlation-Id", correlationId);
        using var answer = await client.Http.SendAsync(request);
        var response = new SpaazaResponse(answer.StatusCode, await answer.Content.ReadAsStringAsync(), correlationId);
        return (response, app.Logs.For(correlationId));
    }

    /// <summary>Refused with <paramref name="expected"/>, logged once at information level, and never as an error or with an exception.</summary>
    private static void AssertRefused((SpaazaResponse Response, IReadOnlyList<LogEntry> Log) sent, ApiError expected)
    {
        sent.Response.AssertError(expected);
        AssertLoggedOnceAsRefused(sent.Log);
    }

    private static void AssertLoggedOnceAsRefused(IReadOnlyList<LogEntry> log)
    {
        Assert.DoesNotContain(log, e => e.Level >= LogLevel.Error || e.Exception is not null);
        Assert.Single(log, e => e.Level == LogLevel.Information && e.Message.StartsWith("Refused input", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Form(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        new(method, path) { Content = new FormUrlEncodedContent(fields) };

    private static HttpRequestMessage Json(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static Task<int> MembersAsync(TestChain chain) =>
        chain.App.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin));

    private static Task<int> CampaignsAsync(TestChain chain) =>
        chain.App.WithDbAsync(db => db.Campaigns.CountAsync(c => c.ChainId == chain.ChainId));

    private static List<KeyValuePair<string, string>> NewMember() =>
        [new("username", $"m-{Guid.NewGuid():N}@example.test"), new("password", "member-secret"), new("first_name", "Jane")];

    [Theory, AllEngines]
    public async Task A_body_over_30_MB_is_413_and_is_not_read(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var body = new byte[31 * 1024 * 1024];
        Array.Fill(body, (byte)'a');
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/add-user") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var sent = await SendAsync(app, client, request);

        AssertRefused(sent, ErrorCodes.RequestTooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sent.Response.Status);
        Assert.Equal(0, await MembersAsync(chain));
    }

    [Theory, AllEngines]
    public async Task A_nul_in_a_form_value_of_alter_user_is_419_and_changes_nothing(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();

        var sent = await SendAsync(app, client, Form(HttpMethod.Put, "/internal/alter-user", [new("user_id", Id(member.Id)), new("first_name", "a\0b")]));

        AssertRefused(sent, ErrorCodes.ParameterInvalid);
        Assert.Contains("control characters", sent.Response.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Jane", await app.WithDbAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.FirstName).SingleAsync()));
    }

    [Theory, AllEngines]
    public async Task A_nul_in_the_username_of_an_anonymous_login_is_419_and_records_nothing(string engine)
    {
        var app = TesseraApp.Shared(engine);
        using var client = app.Client();
        var prefix = "nul-" + Guid.NewGuid().ToString("N");

        var sent = await SendAsync(app, client, Form(HttpMethod.Post, "/auth/login", [new("username", prefix + "\0b@example.test"), new("password", "whatever-1")]));

        AssertRefused(sent, ErrorCodes.ParameterInvalid);
        Assert.Equal(0, await app.WithDbAsync(db => db.LoginThrottles.CountAsync(f => f.UsernameNormalized.StartsWith(prefix))));
    }

    [Theory, AllEngines]
    public async Task A_nul_in_the_query_string_is_419_and_changes_nothing(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.PrivilegedClient();

        var sent = await SendAsync(app, client, new HttpRequestMessage(HttpMethod.Put, $"/internal/alter-user?user_id={member.Id}&first_name=a%00b"));
        AssertRefused(sent, ErrorCodes.ParameterInvalid);
        var read = await SendAsync(app, client, new HttpRequestMessage(HttpMethod.Get, $"/internal/get-user?username=a%00b"));
        AssertRefused(read, ErrorCodes.ParameterInvalid);

        Assert.Equal("Jane", await app.WithDbAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.FirstName).SingleAsync()));
    }

    [Theory, AllEngines]
    public async Task A_nul_in_a_json_string_is_419_and_adds_no_campaign(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();

        var sent = await SendAsync(app, admin, Json(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{chain.ChainId}},"type":"cashback","title":"a\u0000b","earn_percentage":5}"""));

        AssertRefused(sent, ErrorCodes.ParameterInvalid);
        Assert.Equal(0, await CampaignsAsync(chain));
    }

    [Theory, AllEngines]
    public async Task More_than_1024_form_fields_are_416_and_add_no_member(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var fields = NewMember();
        fields.AddRange(Enumerable.Range(0, 1025 - fields.Count).Select(i => new KeyValuePair<string, string>($"extra_{i}", "x")));

        var sent = await SendAsync(app, client, Form(HttpMethod.Post, "/internal/add-user", fields));

        AssertRefused(sent, ErrorCodes.MultipleParameterMismatch);
        Assert.Equal(0, await MembersAsync(chain));
    }

    [Theory, AllEngines]
    public async Task A_form_key_over_2048_characters_is_417_and_adds_no_member(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = chain.PrivilegedClient();
        var fields = NewMember();
        fields.Add(new(new string('k', 2049), "x"));

        var sent = await SendAsync(app, client, Form(HttpMethod.Post, "/internal/add-user", fields));

        AssertRefused(sent, ErrorCodes.StringParameterTooLong);
        Assert.Equal(0, await MembersAsync(chain));
    }

    [Theory, AllEngines]
    public async Task A_malformed_multipart_body_is_419_and_adds_no_member(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = chain.PrivilegedClient();
        // A first section, then the body stops: no closing boundary.
        var body = $"--XYZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nm-{Guid.NewGuid():N}@example.test\r\n--XYZ\r\nContent-Disposition: form-da";
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/add-user") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");

        var sent = await SendAsync(app, client, request);

        AssertRefused(sent, ErrorCodes.ParameterInvalid);
        Assert.Equal(0, await MembersAsync(chain));
    }

    [Theory, AllEngines]
    public async Task Duplicate_keys_in_the_body_of_add_campaign_are_229_and_add_nothing(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();

        var sent = await SendAsync(app, admin, Json(HttpMethod.Post, "/internal/add-campaign",
            $$"""{"chain_id":{{chain.ChainId}},"type":"cashback","title":"x","title":"y","earn_percentage":5}"""));

        AssertRefused(sent, ErrorCodes.JsonPostExpected);
        Assert.Contains("Duplicate", sent.Response.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CampaignsAsync(chain));
    }

    [Theory, AllEngines]
    public async Task Duplicate_keys_in_the_body_of_alter_campaign_are_229_and_change_nothing(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var added = await admin.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{chain.ChainId}},"type":"cashback","title":"Earn","earn_percentage":5}""");
        added.AssertOk("add-campaign");
        var id = added.Results.GetProperty("campaign").GetProperty("id").GetInt32();

        var sent = await SendAsync(app, admin, Json(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{id}},"title":"Changed","title":"Twice"}"""));

        AssertRefused(sent, ErrorCodes.JsonPostExpected);
        Assert.Equal("Earn", await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Title).SingleAsync()));
    }

    [Theory, AllEngines]
    public async Task Duplicate_keys_in_the_body_of_v15_access_tokens_are_400_in_levelup_form_and_issue_no_token(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        var keyId = chain.PrivilegedKey.Split(':')[0];

        var sent = await SendAsync(app, client, Json(HttpMethod.Post, "/v15/access_tokens",
            $$$"""{"access_token":{"api_key":"{{{keyId}}}","username":"{{{chain.AdminUsername}}}","password":"wrong","password":"{{{chain.AdminPassword}}}"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, sent.Response.Status);
        using var levelUp = System.Text.Json.JsonDocument.Parse(sent.Response.Body);
        var error = levelUp.RootElement[0].GetProperty("error");
        Assert.Contains("Duplicate", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertLoggedOnceAsRefused(sent.Log);
        Assert.Equal(0, await app.WithDbAsync(db => db.MerchantTokens.CountAsync(t => t.ChainId == chain.ChainId)));
    }

    [Fact]
    public async Task The_limits_are_settings()
    {
        await using var app = new TesseraApp(Engines.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Tessera:Limits:MaxBodyBytes"] = "2000",
            ["Tessera:Limits:MaxFields"] = "5",
            ["Tessera:Limits:MaxValueLength"] = "100",
            ["Tessera:Limits:MaxJsonDepth"] = "4",
        });
        var chain = await app.BootstrapAsync();
        using var client = chain.PrivilegedClient();
        using var admin = await chain.AdminClientAsync();

        AssertRefused(await SendAsync(app, client, Form(HttpMethod.Post, "/internal/add-user", [.. NewMember(), new("last_name", new string('x', 3000))])), ErrorCodes.RequestTooLarge);
        AssertRefused(await SendAsync(app, client, Form(HttpMethod.Post, "/internal/add-user", [.. NewMember(), new("a", "1"), new("b", "2"), new("c", "3")])), ErrorCodes.MultipleParameterMismatch);
        AssertRefused(await SendAsync(app, client, Form(HttpMethod.Post, "/internal/add-user", [.. NewMember(), new("last_name", new string('x', 101))])), ErrorCodes.StringParameterTooLong);
        AssertRefused(await SendAsync(app, admin, Json(HttpMethod.Post, "/internal/add-campaign", """{"type":"cashback","title":"x","a":[[[[1]]]]}""")), ErrorCodes.JsonPostExpected);
        AssertRefused(await SendAsync(app, admin, Json(HttpMethod.Post, "/internal/add-campaign", "{\"type\":\"cashback\",\"title\":\"" + new string('x', 101) + "\"}")), ErrorCodes.StringParameterTooLong);
        Assert.Equal(0, await MembersAsync(chain));
        Assert.Equal(0, await CampaignsAsync(chain));
    }

    [Theory, AllEngines]
    public async Task A_lone_surrogate_or_invalid_utf8_in_a_json_body_is_refused(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();

        AssertRefused(await SendAsync(app, admin, Json(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{chain.ChainId}},"type":"cashback","title":"a\ud800b"}""")), ErrorCodes.ParameterInvalid);
        var bytes = Encoding.UTF8.GetBytes($$"""{"chain_id":{{chain.ChainId}},"type":"cashback","title":"a?b"}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/add-campaign") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        AssertRefused(await SendAsync(app, admin, request), ErrorCodes.JsonPostExpected);
        Assert.Equal(0, await CampaignsAsync(chain));
    }

    [Theory, AllEngines]
    public async Task A_control_character_in_a_header_is_419(string engine)
    {
        var app = TesseraApp.Shared(engine);
        using var client = app.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/get-login-status");
        request.Headers.TryAddWithoutValidation("session-key", "abc\u0001def");
        AssertRefused(await SendAsync(app, client, request), ErrorCodes.ParameterInvalid);
    }
}
