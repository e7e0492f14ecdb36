using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class FailedLoginTests
{
    [Theory, AllEngines]
    public async Task Repeated_failed_logins_give_307_until_the_window_passes(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), new Dictionary<string, string?>
        {
            ["Auth:MaxFailedLogins"] = "3",
            ["Auth:FailedLoginWindowMinutes"] = "10",
        });
        var chain = await app.BootstrapAsync();
        using var client = app.Client();

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", "guess-" + i))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Locked: even the right password is refused, with HTTP 403.
        var locked = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        locked.AssertError(ErrorCodes.TooManyFailedLogins);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, locked.Status);

        // The first failure leaves the 10-minute window after 8 more minutes; two remain, below the limit.
        app.Clock.Advance(TimeSpan.FromMinutes(8));
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword))).AssertOk("login");
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task A_successful_login_clears_earlier_failures(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), new Dictionary<string, string?> { ["Auth:MaxFailedLogins"] = "2" });
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", "wrong"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword))).AssertOk("login");
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", "wrong"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword))).AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Failures_for_one_username_do_not_lock_another(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), new Dictionary<string, string?> { ["Auth:MaxFailedLogins"] = "2" });
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var client = app.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", "wrong"));
        }
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword))).AssertError(ErrorCodes.TooManyFailedLogins);
        (await client.PostAsync("/auth/login", ("username", other.AdminUsername), ("password", other.AdminPassword))).AssertOk("login");
    }
}
