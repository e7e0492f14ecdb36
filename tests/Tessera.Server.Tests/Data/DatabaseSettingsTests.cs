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
}
