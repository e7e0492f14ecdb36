using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class LoginAddressLimitTests
{
    private const string AddressHeader = "X-Test-Remote-Address";

    /// <summary>The test server has no sockets: this gives each request the client address its test header names.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Theory, AllEngines]
    public async Task One_address_gets_307_with_retry_after_past_its_limit_while_others_log_in(string engine)
    {
        await using var app = new TesseraApp(engine, settings: new Dictionary<string, string?>
        {
            ["Auth:AddressLoginLimit"] = "3",
            ["Auth:AddressLoginWindowSeconds"] = "3600",
        });
        await using var server = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>()));
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var attacker = new SpaazaClient(server.CreateClient()).Header(AddressHeader, "203.0.113.7");

        for (var i = 0; i < 3; i++)
        {
            (await attacker.PostAsync("/auth/login", ("username", $"guess-{i}@example.test"), ("password", "wrong"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        }
        // The fourth attempt from that address is refused, for any username, before a password is checked.
        var refused = await attacker.PostAsync("/auth/login", ("username", other.AdminUsername), ("password", other.AdminPassword));
        refused.AssertError(ErrorCodes.TooManyFailedLogins);
        Assert.InRange(FailedLoginTests.RetryAfter(refused), 1, 3600);
        using var raw = await attacker.Http.PostAsync("/auth/login", new FormUrlEncodedContent([new("username", "x"), new("password", "y")]));
        Assert.Equal(HttpStatusCode.Forbidden, raw.StatusCode);
        Assert.NotNull(raw.Headers.RetryAfter?.Delta);
        // LevelUp's access tokens take passwords too, and count against the same limit, answering in LevelUp's form.
        using var levelUp = await attacker.Http.PostAsync("/v15/access_tokens", new StringContent("""{"access_token":{"api_key":"k","username":"u","password":"p"}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, levelUp.StatusCode);

        // Another address, an IPv6 one of another /64, is not affected.
        using var someoneElse = new SpaazaClient(server.CreateClient()).Header(AddressHeader, "2001:db8:1::5");
        (await someoneElse.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword))).AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Addresses_in_one_ipv6_64_network_share_a_limit(string engine)
    {
        await using var app = new TesseraApp(engine, settings: new Dictionary<string, string?> { ["Auth:AddressLoginLimit"] = "1" });
        await using var server = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>()));
        using var first = new SpaazaClient(server.CreateClient()).Header(AddressHeader, "2001:db8:2::1");
        using var second = new SpaazaClient(server.CreateClient()).Header(AddressHeader, "2001:db8:2::ffff");

        (await first.PostAsync("/auth/login", ("username", "a@example.test"), ("password", "wrong"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        (await second.PostAsync("/auth/login", ("username", "b@example.test"), ("password", "wrong"))).AssertError(ErrorCodes.TooManyFailedLogins);
    }
}
