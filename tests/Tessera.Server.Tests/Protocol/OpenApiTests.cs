using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Features.ApiReference;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>The OpenAPI document describes every call: parameters, bodies, answers, credentials (issue 28).</summary>
public sealed class OpenApiTests
{
    /// <summary>Routes that are not calls of the API: the operations endpoints.</summary>
    private static readonly string[] Operational = ["/health", "/openapi", "/docs", "/metrics"];

    private static async Task<JsonDocument> DocumentAsync()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        return JsonDocument.Parse(await client.Http.GetStringAsync("/openapi/v1.json"));
    }

    private static List<RouteEndpoint> ApiRoutes() =>
        TesseraApp.Shared(Engines.Sqlite).Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !Operational.Any(o => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(o, StringComparison.Ordinal)))
            .ToList();

    [Fact]
    public void Every_route_of_the_api_has_a_name_and_a_description_in_the_catalogue()
    {
        var routes = ApiRoutes();
        Assert.NotEmpty(routes);
        var undocumented = routes
            .Select(e => (Route: e.RoutePattern.RawText, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .Where(r => r.Name is null || CallCatalogue.Find(r.Name) is null)
            .Select(r => $"{r.Route} ({r.Name ?? "no WithName"})")
            .ToList();
        Assert.True(undocumented.Count == 0, "routes without a CallDoc: " + string.Join(", ", undocumented));
        var repeated = CallCatalogue.All.SelectMany(c => c.Parameters.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => $"{c.Name}: {g.Key}")).ToList();
        Assert.True(repeated.Count == 0, "parameters documented twice: " + string.Join(", ", repeated));
    }

    [Fact]
    public async Task Every_operation_documents_its_parameters_answers_and_credentials()
    {
        using var document = await DocumentAsync();
        var paths = document.RootElement.GetProperty("paths");
        var missing = new List<string>();
        foreach (var path in paths.EnumerateObject().Where(p => !Operational.Any(o => p.Name.StartsWith(o, StringComparison.Ordinal))))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                var name = op.TryGetProperty("operationId", out var id) ? id.GetString()! : "";
                var call = CallCatalogue.Find(name);
                var hasParameters = op.TryGetProperty("parameters", out var parameters) && parameters.GetArrayLength() > 0;
                var hasBody = op.TryGetProperty("requestBody", out _);
                if (call is null)
                {
                    missing.Add($"{where}: no CallDoc for operationId '{name}'");
                    continue;
                }
                if (!hasParameters && !hasBody && !call.TakesNothing)
                {
                    missing.Add($"{where}: no parameters documented");
                }
                if (!op.TryGetProperty("summary", out _))
                {
                    missing.Add($"{where}: no summary");
                }
                if (!op.TryGetProperty("security", out _))
                {
                    missing.Add($"{where}: no security requirement");
                }
                var responses = op.GetProperty("responses");
                if (!responses.TryGetProperty("200", out _) || !responses.TryGetProperty("4XX", out _))
                {
                    missing.Add($"{where}: answers not documented");
                }
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task The_three_credentials_of_the_spec_are_security_schemes_and_the_envelopes_are_schemas()
    {
        using var document = await DocumentAsync();
        var components = document.RootElement.GetProperty("components");
        var schemes = components.GetProperty("securitySchemes");
        Assert.Equal("session-key", schemes.GetProperty("sessionKey").GetProperty("name").GetString());
        Assert.Equal("session-user-id", schemes.GetProperty("sessionUserId").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("privileged").GetProperty("scheme").GetString());
        Assert.Equal("X-MyPrice-App-Hostname", schemes.GetProperty("appHostname").GetProperty("name").GetString());
        Assert.True(components.GetProperty("schemas").TryGetProperty("Envelope", out _));
        Assert.True(components.GetProperty("schemas").GetProperty("ErrorEnvelope").GetProperty("properties").TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Add_user_lists_its_form_fields_with_types_and_the_required_username()
    {
        using var document = await DocumentAsync();
        var body = document.RootElement.GetProperty("paths").GetProperty("/internal/add-user").GetProperty("post").GetProperty("requestBody");
        var schema = body.GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("username").GetProperty("type").GetString());
        Assert.Equal("boolean", schema.GetProperty("properties").GetProperty("programme_opted_in").GetProperty("type").GetString());
        Assert.Contains("username", schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(schema.GetProperty("properties").GetProperty("member_number").GetProperty("description").GetString()));
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs_without_a_cdn()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        using var page = await client.Http.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("src=\"scalar.js\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/docs/scalar.js")).StatusCode);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }
}
