using System.Net;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

public sealed class OperabilityTests
{
    [Theory, AllEngines]
    public async Task Health_answers_200_when_the_database_answers(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client();
        using var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_503_when_the_database_is_unreachable()
    {
        await using var app = new TesseraApp(Engines.Sqlite);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health")).StatusCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(app.Database.Name);
        File.Delete(app.Database.Name + "-wal");
        File.Delete(app.Database.Name + "-shm");
        Directory.CreateDirectory(app.Database.Name); // a folder where the file was: nothing can open it
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("/health")).StatusCode);
        }
        finally
        {
            Directory.Delete(app.Database.Name);
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_spaaza_calls_and_the_ui_is_served()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        using var document = JsonDocument.Parse(await client.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/auth/login", paths);
        Assert.Contains("/auth/get-login-status", paths);
        Assert.Contains("/internal/alter-business", paths);
        using var ui = await client.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
}
