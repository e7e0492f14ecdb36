using Microsoft.Extensions.Configuration;
using Npgsql;
using Tessera.Server.Data;

namespace Tessera.Server.Tests.Data;

public sealed class DatabaseSettingsTests
{
    private static NpgsqlConnectionStringBuilder Postgres(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["Database:ConnectionString"] = connectionString,
        }).Build();
        return new NpgsqlConnectionStringBuilder(DatabaseSettings.From(configuration).ConnectionString);
    }

    [Fact]
    public void A_postgres_connection_gets_prepared_statements_no_reset_a_32_kB_write_buffer_and_named_failed_statements()
    {
        var builder = Postgres("Host=db;Username=tessera;Password=secret;Database=tessera");

        Assert.Equal(128, builder.MaxAutoPrepare);
        Assert.Equal(2, builder.AutoPrepareMinUsages);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal(32 * 1024, builder.WriteBufferSize);
        Assert.True(builder.IncludeFailedBatchedCommand);
        Assert.Equal("db", builder.Host);
    }

    [Fact]
    public void What_the_connection_string_sets_itself_is_kept()
    {
        var builder = Postgres("Host=db;Database=tessera;Max Auto Prepare=0;No Reset On Close=false;Write Buffer Size=16384");

        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.False(builder.NoResetOnClose);
        Assert.Equal(16384, builder.WriteBufferSize);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    [InlineData("127.0.0.1:5433,localhost")]
    [InlineData("[::1]:5432")]
    public void A_postgres_on_this_machine_is_reached_without_tls(string host)
    {
        Assert.Equal(SslMode.Disable, Postgres($"Host={host};Username=tessera;Password=secret;Database=tessera").SslMode);
    }

    [Theory]
    [InlineData("db")]
    [InlineData("10.0.0.5")]
    [InlineData("127.0.0.1,db")]
    [InlineData("/var/run/postgresql")]
    public void A_postgres_elsewhere_keeps_npgsql_s_default_tls(string host)
    {
        Assert.Equal(SslMode.Prefer, Postgres($"Host={host};Username=tessera;Password=secret;Database=tessera").SslMode);
    }

    [Fact]
    public void An_ssl_mode_the_connection_string_sets_is_kept_on_this_machine_too()
    {
        Assert.Equal(SslMode.Require, Postgres("Host=127.0.0.1;Database=tessera;SSL Mode=Require").SslMode);
        Assert.Equal(SslMode.Prefer, Postgres("Host=localhost;Database=tessera;SslMode=Prefer").SslMode);
    }
}
