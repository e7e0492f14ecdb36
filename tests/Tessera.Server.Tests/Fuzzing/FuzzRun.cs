using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Cli;

namespace Tessera.Fuzzing;

/// <summary>Sets up a chain to fuzz, sends the requests, and checks the server still serves a normal call afterwards.</summary>
public static class FuzzRun
{
    /// <summary>
    /// A new chain (through the CLI's bootstrap service), a member, a wallet campaign, and an admin and a member
    /// logged in, through <paramref name="http"/> (a client of the server of <paramref name="services"/>).
    /// </summary>
    public static async Task<FuzzIdentity> SetUpAsync(IServiceProvider services, HttpClient http)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var request = new BootstrapRequest($"Fuzz {id}", $"fuzz-{id}.example.test", $"admin-{id}@example.test", "admin-secret-1");
        BootstrapResult chain;
        await using (var scope = services.CreateAsyncScope())
        {
            var (result, error) = await scope.ServiceProvider.GetRequiredService<ChainBootstrapper>().BootstrapAsync(request);
            chain = result ?? throw new InvalidOperationException(error);
        }
        var memberName = $"member-{id}@example.test";
        var added = await SendAsync(http, HttpMethod.Post, "/internal/add-user", [new("username", memberName), new("password", "member-secret"), new("first_name", "Fuzz")],
            ("Authorization", "Bearer " + chain.PrivilegedKey), ("X-MyPrice-App-Hostname", chain.AppHostname));
        var memberId = added["results"]!["user_info"]!["user_id"]!.GetValue<int>();
        var admin = await LoginAsync(http, request.AdminUsername, request.AdminPassword, null);
        var member = await LoginAsync(http, memberName, "member-secret", chain.AppHostname);
        using var wallet = new HttpRequestMessage(HttpMethod.Post, "/internal/add-campaign")
        {
            Content = new StringContent($$"""{"chain_id":{{chain.ChainId}},"type":"wallet","title":"Fuzz Wallet"}""", Encoding.UTF8, "application/json"),
        };
        wallet.Headers.Add("session-user-id", admin.UserId.ToString(CultureInfo.InvariantCulture));
        wallet.Headers.Add("session-key", admin.Key);
        var walletId = (await ReadAsync(await http.SendAsync(wallet)))["results"]!["campaign"]!["id"]!.GetValue<int>();
        using var token = new HttpRequestMessage(HttpMethod.Post, "/v15/access_tokens")
        {
            Content = new StringContent(new JsonObject
            {
                ["access_token"] = new JsonObject { ["api_key"] = chain.PrivilegedKey.Split(':')[0], ["username"] = request.AdminUsername, ["password"] = request.AdminPassword },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var merchantToken = (await ReadAsync(await http.SendAsync(token)))["access_token"]!["token"]!.GetValue<string>();
        return new FuzzIdentity(chain.ChainId, chain.AppHostname, chain.PrivilegedKey, admin.UserId, admin.Key, request.AdminUsername, request.AdminPassword,
            member.UserId, member.Key, memberName, walletId, merchantToken);
    }

    /// <summary>
    /// Sends requests <paramref name="firstIndex"/> to <paramref name="firstIndex"/> + <paramref name="count"/> of
    /// <paramref name="seed"/> from <paramref name="workers"/> parallel workers, in batches of <paramref name="batch"/>,
    /// each on a new chain from <paramref name="setUp"/> (fuzzed calls log out, delete and change the chain's own
    /// sessions and members, after which its credentials would only reach the 401s).
    /// </summary>
    public static async Task<FuzzReport> RunAsync(HttpClient http, IReadOnlyList<FuzzRoute> routes, long seed, int count, Func<Task<FuzzIdentity>> setUp,
        int workers = 1, int batch = 500, int firstIndex = 0)
    {
        var report = new FuzzReport(seed);
        for (var start = firstIndex; start < firstIndex + count; start += batch)
        {
            var fuzzer = new RequestFuzzer(routes, await setUp(), seed);
            var next = start - 1;
            var last = Math.Min(start + batch, firstIndex + count);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < last)
                {
                    await SendAsync(http, fuzzer.Create(index), report);
                }
            }));
        }
        return report;
    }

    private static async Task SendAsync(HttpClient http, FuzzRequest request, FuzzReport report)
    {
        try
        {
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message);
            var status = (int)response.StatusCode;
            report.Record(request, status, status >= 500 ? await response.Content.ReadAsStringAsync() : null);
        }
        catch (HttpRequestException e)
        {
            report.Record(request, 0, e.ToString());
        }
    }

    /// <summary>
    /// Normal calls after the fuzzing, on a new chain (the fuzzing may have deleted or changed the first one's rows):
    /// bootstrap, add-user, two logins, add-campaign and get-user. Null when they all work, else what went wrong.
    /// </summary>
    public static async Task<string?> HealthyAsync(IServiceProvider services, HttpClient http)
    {
        try
        {
            var fresh = await SetUpAsync(services, http);
            var user = await SendAsync(http, HttpMethod.Get, $"/internal/get-user?user_id={fresh.MemberUserId}", [],
                ("Authorization", "Bearer " + fresh.PrivilegedKey), ("X-MyPrice-App-Hostname", fresh.Hostname));
            return user["results"]?["user_info"]?["user_id"]?.GetValue<int>() == fresh.MemberUserId ? null : "get-user answered " + user.ToJsonString();
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or NullReferenceException or JsonException)
        {
            return e.ToString();
        }
    }

    private static async Task<(int UserId, string Key)> LoginAsync(HttpClient http, string username, string password, string? app)
    {
        var login = await SendAsync(http, HttpMethod.Post, "/auth/login", [new("username", username), new("password", password)],
            app is null ? [] : [("X-MyPrice-App-Hostname", app)]);
        var session = login["results"]?["session_info"] ?? throw new InvalidOperationException("login failed: " + login.ToJsonString());
        return (session["session_user_id"]!.GetValue<int>(), session["session_key"]!.GetValue<string>());
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, KeyValuePair<string, string>[] form, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form.Length > 0)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ReadAsync(await http.SendAsync(request));
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty answer");
        }
    }
}
