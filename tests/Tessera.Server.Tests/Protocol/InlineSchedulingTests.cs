using Microsoft.Extensions.Configuration;

namespace Tessera.Server.Tests.Protocol;

/// <summary>
/// Server:InlineScheduling. Only its refusals are tested in this process: turning it on sets the runtime's inline socket
/// completions for the whole process, which the other tests must not run under.
/// </summary>
public sealed class InlineSchedulingTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Inline_scheduling_is_off_unless_asked_for()
    {
        Assert.False(TesseraHost.InlineScheduling(Settings(("Database:Provider", "postgres"), ("Database:ConnectionString", "Host=db"))));
        Assert.False(TesseraHost.InlineScheduling(Settings(("Server:InlineScheduling", "false"))));
    }

    [Fact]
    public void Inline_scheduling_on_sqlite_stops_the_server_from_starting_with_the_reason()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => TesseraHost.InlineScheduling(Settings(("Server:InlineScheduling", "true"))));

        Assert.Contains("postgres", refused.Message);
        Assert.NotEqual("1", Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"));
    }
}
