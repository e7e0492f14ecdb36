using System.Net;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class FailedLoginTests
{
    private static Dictionary<string, string?> Limits(int maxFailures = 3, int delaySeconds = 10, int maxDelaySeconds = 40, int windowMinutes = 15) => new()
    {
        ["Auth:MaxFailedLogins"] = maxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:FailedLoginDelaySeconds"] = delaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:MaxFailedLoginDelaySeconds"] = maxDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:FailedLoginWindowMinutes"] = windowMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Task<SpaazaResponse> LoginAsync(SpaazaClient client, string username, string password) =>
        client.PostAsync("/auth/login", ("username", username), ("password", password));

    /// <summary>A 307 answer's wait, from its error message.</summary>
    internal static int RetryAfter(SpaazaResponse response)
    {
        response.AssertError(ErrorCodes.TooManyFailedLogins);
        return response.Json.GetProperty("error").GetProperty("message").GetProperty("retry_after_seconds").GetInt32();
    }

    [Theory, AllEngines]
    public async Task After_the_allowed_failures_each_attempt_waits_a_doubling_delay_until_a_right_password_clears_them(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 3, delaySeconds: 10, maxDelaySeconds: 40));
        var chain = await app.BootstrapAsync();
        using var client = app.Client();

        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(client, chain.AdminUsername, "guess-" + i)).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        }
        // The third failure set a 10 s wait: even the right password is refused with 307 (HTTP 403) until it is over.
        var refused = await LoginAsync(client, chain.AdminUsername, chain.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(10, RetryAfter(refused));

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await LoginAsync(client, chain.AdminUsername, "guess-3")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        app.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(5, RetryAfter(await LoginAsync(client, chain.AdminUsername, chain.AdminPassword)));
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        (await LoginAsync(client, chain.AdminUsername, "guess-4")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        Assert.Equal(40, RetryAfter(await LoginAsync(client, chain.AdminUsername, chain.AdminPassword)));
        // The wait stops growing at its cap.
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        (await LoginAsync(client, chain.AdminUsername, "guess-5")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        Assert.Equal(40, RetryAfter(await LoginAsync(client, chain.AdminUsername, chain.AdminPassword)));

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        (await LoginAsync(client, chain.AdminUsername, chain.AdminPassword)).AssertOk("login");
        // Cleared: three failures are again answered at once.
        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(client, chain.AdminUsername, "again-" + i)).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        }
    }

    [Theory, AllEngines]
    public async Task A_refused_login_says_when_to_try_again_in_a_retry_after_header(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 1, delaySeconds: 30));
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        (await LoginAsync(client, chain.AdminUsername, "wrong")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        app.Clock.Advance(TimeSpan.FromSeconds(12));

        using var response = await client.Http.PostAsync("/auth/login", new FormUrlEncodedContent([new("username", chain.AdminUsername), new("password", chain.AdminPassword)]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(18), response.Headers.RetryAfter?.Delta);
    }

    [Theory, AllEngines]
    public async Task Failures_are_forgotten_after_the_window_without_attempts(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 2, delaySeconds: 60, windowMinutes: 10));
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        (await LoginAsync(client, chain.AdminUsername, "wrong-1")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        // The earlier failure no longer counts: this one is the first, which sets no wait.
        (await LoginAsync(client, chain.AdminUsername, "wrong-2")).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        (await LoginAsync(client, chain.AdminUsername, chain.AdminPassword)).AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Failures_for_one_username_do_not_delay_another(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 2));
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var client = app.Client();
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(client, chain.AdminUsername, "wrong");
        }
        RetryAfter(await LoginAsync(client, chain.AdminUsername, chain.AdminPassword));
        (await LoginAsync(client, other.AdminUsername, other.AdminPassword)).AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Guesses_through_one_chains_app_do_not_delay_another_chains_member_of_the_same_email(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 3, delaySeconds: 600, maxDelaySeconds: 600));
        var chainA = await app.BootstrapAsync();
        var chainB = await app.BootstrapAsync();
        var email = $"same-{Guid.NewGuid():N}@example.test";
        await chainA.AddMemberAsync(email, "password-in-a");
        await chainB.AddMemberAsync(email, "password-in-b");
        using var throughB = app.Client().App(chainB.Hostname);
        for (var i = 0; i < 6; i++)
        {
            await LoginAsync(throughB, email, "guess-" + i);
        }
        RetryAfter(await LoginAsync(throughB, email, "password-in-b"));

        using var throughA = app.Client().App(chainA.Hostname);
        (await LoginAsync(throughA, email, "password-in-a")).AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task Anonymous_guesses_at_an_admin_delay_the_admin_at_most_the_longest_wait(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), Limits(maxFailures: 5, delaySeconds: 1, maxDelaySeconds: 300));
        var chain = await app.BootstrapAsync();
        using var attacker = app.Client();
        // An attacker guessing as fast as the waits allow, 30 times.
        for (var i = 0; i < 30; i++)
        {
            var answer = await LoginAsync(attacker, chain.AdminUsername, "guess-" + i);
            if (answer.ErrorCode == ErrorCodes.TooManyFailedLogins.Code)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(RetryAfter(answer)));
                answer = await LoginAsync(attacker, chain.AdminUsername, "guess-" + i);
            }
            answer.AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        }

        // The admin is told to wait no longer than the cap, and then logs in (no hard lockout).
        using var admin = app.Client();
        var wait = RetryAfter(await LoginAsync(admin, chain.AdminUsername, chain.AdminPassword));
        Assert.InRange(wait, 1, 300);
        app.Clock.Advance(TimeSpan.FromSeconds(wait));
        (await LoginAsync(admin, chain.AdminUsername, chain.AdminPassword)).AssertOk("login");
    }
}
