using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Server.Auth;
using Tessera.Server.Cli;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// The real server on a fresh database of one engine, driven through its HTTP pipeline.
/// <see cref="Shared"/> gives one server per engine for tests that only add their own data;
/// tests that move the clock or break things create their own.
/// </summary>
public sealed class TesseraApp : WebApplicationFactory<Program>
{
    private static readonly ConcurrentDictionary<string, Lazy<TesseraApp>> SharedApps = new();

    private readonly Dictionary<string, string?> _settings;

    /// <summary>This server created its database, so it drops it when disposed (a second server on it does not).</summary>
    private readonly bool _ownsDatabase;

    public TesseraApp(string engine, TestClock? clock = null, IDictionary<string, string?>? settings = null)
        : this(TestDatabase.Create(engine), clock, settings)
    {
        _ownsDatabase = true;
    }

    /// <summary>A server on an existing database, as a second server process would be.</summary>
    public TesseraApp(TestDatabase database, TestClock? clock = null, IDictionary<string, string?>? settings = null)
    {
        Database = database;
        Clock = clock ?? new TestClock(DateTimeOffset.UtcNow);
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Provider"] = Database.Provider,
            ["Database:ConnectionString"] = Database.ConnectionString,
        };
        // Tests run scheduled jobs by hand (JobScheduler.RunDueAsync) unless they turn the polling loop on.
        _settings.TryAdd("Scheduler:Enabled", "false");
        // The test host's requests all come from one (unknown) address: the per-address login limit is raised out of
        // the way unless a test sets it.
        _settings.TryAdd("Auth:AddressLoginLimit", "1000000");
    }

    public static TesseraApp Shared(string engine) =>
        SharedApps.GetOrAdd(engine, e => new Lazy<TesseraApp>(() => new TesseraApp(e))).Value;

    public TestDatabase Database { get; }

    public TestClock Clock { get; }

    /// <summary>The server's clock when not <see cref="Clock"/> (a FakeTimeProvider, whose timers fire as it advances).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Services a test adds to the server's (after the server's own).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>What the server logged (warnings, errors, refused input), by request.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The capture sees the request log's information entries (refused input) whatever the level above.
        builder.UseSetting($"Logging:{LogCapture.Alias}:LogLevel:{LogCapture.RequestLog}", "Information");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Time ?? Clock);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            TestServices?.Invoke(services);
        });
    }

    public SpaazaClient Client() => new(CreateClient());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            Database.Drop();
        }
    }

    /// <summary>A new retailer with a unique hostname and admin, through the same service as the CLI.</summary>
    public async Task<TestChain> BootstrapAsync(string currency = "EUR")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var request = new BootstrapRequest($"Chain {id}", $"shop-{id}.example.test", $"admin-{id}@example.test", "admin-secret-1", currency);
        await using var scope = Services.CreateAsyncScope();
        var (result, error) = await scope.ServiceProvider.GetRequiredService<ChainBootstrapper>().BootstrapAsync(request);
        Assert.True(result is not null, error);
        return new TestChain(this, result, request.AdminUsername, request.AdminPassword);
    }

    /// <summary>Runs <paramref name="work"/> with a DbContext of this server, for seeding and inspection.</summary>
    public async Task<T> WithDbAsync<T>(Func<TesseraDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TesseraDbContext>());
    }
}

/// <summary>A bootstrapped retailer and ways to add people to it.</summary>
public sealed record TestChain(TesseraApp App, BootstrapResult Result, string AdminUsername, string AdminPassword)
{
    public int ChainId => Result.ChainId;

    public string Hostname => Result.AppHostname;

    public string PrivilegedKey => Result.PrivilegedKey;

    /// <summary>Adds a member through add-user with the privileged client, and returns its row.</summary>
    public async Task<User> AddMemberAsync(string? username = null, string password = "member-secret", string? memberNumber = null)
    {
        var name = username ?? $"member-{Guid.NewGuid():N}@example.test";
        using var client = PrivilegedClient();
        var parameters = new List<(string, string)> { ("username", name), ("password", password), ("first_name", "Jane"), ("last_name", "Smith") };
        if (memberNumber is not null)
        {
            parameters.Add(("member_number", memberNumber));
        }
        var response = await client.PostAsync("/internal/add-user", [.. parameters]);
        response.AssertOk("add-user");
        var id = response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        return await App.WithDbAsync(async db => await db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
    }

    /// <summary>Seeds an admin of this chain with the given permissions (chain-wide, or on one business).</summary>
    public Task<(User Admin, string Password)> AddAdminAsync(bool read = false, bool write = false, bool assign = false, bool delete = false, int? businessId = null) =>
        App.WithDbAsync(async db =>
        {
            var passwords = App.Services.GetRequiredService<Passwords>();
            var name = $"staff-{Guid.NewGuid():N}@example.test";
            const string password = "staff-secret";
            var now = App.Clock.GetUtcNow().UtcDateTime;
            var admin = new User
            {
                IsAdmin = true,
                ChainId = ChainId,
                UsernameScope = 0,
                Username = name,
                UsernameNormalized = name,
                PasswordHash = passwords.Hash(password),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Users.Add(admin);
            await db.SaveChangesAsync();
            db.AdminPermissions.Add(new AdminPermission
            {
                UserId = admin.Id,
                ChainId = ChainId,
                BusinessId = businessId,
                CanRead = read,
                CanWrite = write,
                CanAssign = assign,
                CanDelete = delete,
            });
            await db.SaveChangesAsync();
            return (admin, password);
        });

    /// <summary>Logs the super-user admin in and returns a client carrying its session headers.</summary>
    public async Task<SpaazaClient> AdminClientAsync() => await LoginAsync(AdminUsername, AdminPassword, withApp: false);

    public async Task<SpaazaClient> LoginAsync(string username, string password, bool withApp)
    {
        var client = App.Client();
        if (withApp)
        {
            client.App(Hostname);
        }
        var login = await client.PostAsync("/auth/login", ("username", username), ("password", password));
        login.AssertOk("login");
        var session = login.Results.GetProperty("session_info");
        return client.WithSession(session.GetProperty("session_user_id").GetInt32(), session.GetProperty("session_key").GetString()!);
    }

    public SpaazaClient PrivilegedClient(bool withApp = true)
    {
        var client = App.Client().Bearer(PrivilegedKey);
        return withApp ? client.App(Hostname) : client;
    }
}
