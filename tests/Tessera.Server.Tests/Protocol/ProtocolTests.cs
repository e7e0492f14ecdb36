using System.Net;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("sqlite", "/auth/login")]
    [InlineData("sqlite", "/auth/login.json")]
    [InlineData("sqlite", "/auth/login.php")]
    [InlineData("sqlite", "/v1/auth/login")]
    [InlineData("sqlite", "/v1/auth/login.json")]
    public async Task Every_url_form_of_1_4_1_reaches_the_same_endpoint(string engine, string path)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var response = await client.PostAsync(path, ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        response.AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Success_envelope_has_result_ok_and_results_with_result_type(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var response = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        Assert.Equal("application/json; charset=utf-8", Assert.Single(await ContentTypeAsync(client, chain)));
        Assert.Equal(["result", "results"], response.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, response.Results.ValueKind);
        Assert.Equal("login", response.Results.GetProperty("result_type").GetString());
    }

    private static async Task<IEnumerable<string>> ContentTypeAsync(SpaazaClient client, TestChain chain)
    {
        using var content = new FormUrlEncodedContent([new("username", chain.AdminUsername), new("password", "wrong-password")]);
        using var response = await client.Http.PostAsync("/auth/login", content);
        return [response.Content.Headers.ContentType!.ToString()];
    }

    [Theory, AllEngines]
    public async Task Parameters_are_read_from_multipart_form_data(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var response = await client.SendAsync(HttpMethod.Post, "/auth/login", [("username", chain.AdminUsername), ("password", chain.AdminPassword)], multipart: true);
        response.AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Parameters_are_read_from_the_query_string(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var path = $"/auth/login?username={Uri.EscapeDataString(chain.AdminUsername)}&password={Uri.EscapeDataString(chain.AdminPassword)}";
        var response = await client.PostAsync(path);
        response.AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task A_method_the_endpoint_does_not_allow_is_error_4_with_http_405(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client();
        var response = await client.GetAsync("/auth/login");
        response.AssertError(ErrorCodes.HttpRequestMethodNotAllowed);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Theory, AllEngines]
    public async Task Missing_parameters_are_error_3_http_vars_missing(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client();
        var response = await client.PostAsync("/auth/login", ("username", "someone@example.test"));
        response.AssertError(ErrorCodes.HttpVarsMissing);
    }

    [Theory, AllEngines]
    public async Task Clients_below_1_4_0_get_the_error_under_the_key_errors(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client().Header(Spaaza.ApiVersionHeader, "1.3.9");
        var response = await client.PostAsync("/auth/login", ("username", "nobody@example.test"), ("password", "whatever"));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.Json.TryGetProperty("error", out _));
        Assert.Equal(ErrorCodes.PasswordErrorOrNonExistent.Name, response.Json.GetProperty("errors").GetProperty("5").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("1.4.0")]
    [InlineData("1.4.1")]
    [InlineData("2.0")]
    [InlineData("not-a-version")]
    public async Task Clients_from_1_4_0_or_without_a_version_get_the_key_error(string version)
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client().Header(Spaaza.ApiVersionHeader, version);
        var response = await client.PostAsync("/auth/login", ("username", "nobody@example.test"), ("password", "whatever"));
        response.AssertError(ErrorCodes.PasswordErrorOrNonExistent);
    }

    [Fact]
    public async Task An_unknown_url_is_a_404_in_the_error_envelope()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        var response = await client.GetAsync("/auth/no-such-call");
        response.AssertError(ErrorCodes.EndpointNotFound);
    }

    [Theory, AllEngines]
    public async Task An_unexpected_exception_is_330_server_error_with_a_correlation_id_and_no_stack_trace(string engine)
    {
        await using var app = new TesseraApp(engine);
        var chain = await app.BootstrapAsync();
        using var client = app.Client().Header("X-Correlation-Id", "trace-me-42");
        app.Clock.Broken = true;
        var response = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        app.Clock.Broken = false;

        response.AssertError(ErrorCodes.ServerError);
        Assert.Equal("trace-me-42", response.CorrelationId);
        Assert.Equal("trace-me-42", response.Json.GetProperty("error").GetProperty("message").GetProperty("correlation_id").GetString());
        Assert.DoesNotContain("   at ", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_a_correlation_id()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        var response = await client.GetAsync("/health");
        Assert.Matches("^[0-9a-f]{32}$", response.CorrelationId);
    }

    [Fact]
    public async Task Correlation_ids_made_by_the_server_differ_between_requests_and_share_the_servers_prefix()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await client.GetAsync("/health")).CorrelationId!);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Single(ids.Select(id => id[..16]).Distinct());
    }
}
