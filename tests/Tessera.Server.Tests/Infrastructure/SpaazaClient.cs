using System.Net;
using System.Text.Json;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>An HTTP client speaking the Spaaza conventions: form parameters, session and app headers.</summary>
public sealed class SpaazaClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public SpaazaClient App(string hostname)
    {
        Http.DefaultRequestHeaders.Remove("X-MyPrice-App-Hostname");
        Http.DefaultRequestHeaders.Add("X-MyPrice-App-Hostname", hostname);
        return this;
    }

    public SpaazaClient WithSession(int userId, string sessionKey)
    {
        Http.DefaultRequestHeaders.Remove("session-user-id");
        Http.DefaultRequestHeaders.Remove("session-key");
        Http.DefaultRequestHeaders.Add("session-user-id", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Http.DefaultRequestHeaders.Add("session-key", sessionKey);
        return this;
    }

    public SpaazaClient Bearer(string key)
    {
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return this;
    }

    public SpaazaClient Header(string name, string value)
    {
        Http.DefaultRequestHeaders.Remove(name);
        Http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        return this;
    }

    public Task<SpaazaResponse> PostAsync(string path, params (string Name, string Value)[] form) => SendAsync(HttpMethod.Post, path, form);

    public Task<SpaazaResponse> PutAsync(string path, params (string Name, string Value)[] form) => SendAsync(HttpMethod.Put, path, form);

    public Task<SpaazaResponse> GetAsync(string path, params (string Name, string Value)[] query) => SendAsync(HttpMethod.Get, path, query);

    public Task<SpaazaResponse> DeleteAsync(string path, params (string Name, string Value)[] query) => SendAsync(HttpMethod.Delete, path, query);

    public async Task<SpaazaResponse> SendAsync(HttpMethod method, string path, (string Name, string Value)[] parameters, bool multipart = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Get || method == HttpMethod.Delete)
        {
            if (parameters.Length > 0)
            {
                request.RequestUri = new Uri(path + "?" + string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}")), UriKind.Relative);
            }
        }
        else if (multipart)
        {
            var content = new MultipartFormDataContent();
            foreach (var (name, value) in parameters)
            {
                content.Add(new StringContent(value), name);
            }
            request.Content = content;
        }
        else
        {
            request.Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        }
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new SpaazaResponse(response.StatusCode, body, response.Headers.TryGetValues("X-Correlation-Id", out var ids) ? ids.First() : null);
    }

    public void Dispose() => Http.Dispose();
}

public sealed class SpaazaResponse
{
    public SpaazaResponse(HttpStatusCode status, string body, string? correlationId)
    {
        Status = status;
        Body = body;
        CorrelationId = correlationId;
        Json = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default;
    }

    public HttpStatusCode Status { get; }

    public string Body { get; }

    public string? CorrelationId { get; }

    public JsonElement Json { get; }

    public JsonElement Results => Json.GetProperty("results");

    public int ErrorCode => Json.GetProperty("error").GetProperty("code").GetInt32();

    public void AssertOk(string resultType)
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200 but got {(int)Status}: {Body}");
        Assert.Equal(1, Json.GetProperty("result").GetProperty("code").GetInt32());
        Assert.Equal("ok", Json.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal(resultType, Results.GetProperty("result_type").GetString());
    }

    /// <summary>The error envelope with the catalogue's code, name and HTTP status.</summary>
    public void AssertError(Tessera.Server.Protocol.ApiError expected)
    {
        Assert.True((int)Status == expected.AnsweredStatus, $"expected HTTP {expected.AnsweredStatus} ({expected.Name}) but got {(int)Status}: {Body}");
        Assert.Equal(2, Json.GetProperty("result").GetProperty("code").GetInt32());
        Assert.Equal("error", Json.GetProperty("result").GetProperty("status").GetString());
        var error = Json.GetProperty("error");
        Assert.Equal(expected.Code, error.GetProperty("code").GetInt32());
        Assert.Equal(expected.Name, error.GetProperty("name").GetString());
        Assert.Equal(expected.Description, error.GetProperty("description").GetString());
        Assert.False(Json.TryGetProperty("warnings", out _), "errors carry no warnings");
    }
}

public static class SpaazaClientJson
{
    /// <summary>Sends a JSON body (campaign calls take the campaign object as JSON).</summary>
    public static async Task<SpaazaResponse> SendJsonAsync(this SpaazaClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var response = await client.Http.SendAsync(request);
        return new SpaazaResponse(response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.TryGetValues("X-Correlation-Id", out var ids) ? ids.First() : null);
    }
}
