using System.Globalization;
using System.Net;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Members;

public sealed class ExportTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> LinkAsync(SpaazaClient client, params (string, string)[] extra)
    {
        var response = await client.PostAsync("/auth/export", [("export_entity", "user"), .. extra]);
        response.AssertOk("export");
        var url = response.Results.GetProperty("download_url").GetString()!;
        Assert.Matches(@"/export/user\?Nonce=[^&]+&ChainId=\d+&Segment=all$", url);
        return new Uri(url).PathAndQuery;
    }

    [Theory, AllEngines]
    public async Task The_export_link_streams_every_member_of_the_chain_as_csv_once(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        await other.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/internal/add-user", ("username", $"quote-{Guid.NewGuid():N}@example.test"), ("first_name", "Anna \"Annie\""), ("last_name", "Berg, van den"))).AssertOk("add-user");
        var plain = await chain.AddMemberAsync();

        var link = await LinkAsync(privileged);
        using var anonymous = app.Client();
        using var response = await anonymous.Http.GetAsync(link);
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("user_id,username,member_number,entity_code_type,first_name,last_name,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"Anna \"\"Annie\"\"\",\"Berg, van den\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(Id(plain.Id) + "," + plain.Username + ",", lines[2], StringComparison.Ordinal);

        using var second = await anonymous.Http.GetAsync(link);
        new SpaazaResponse(second.StatusCode, await second.Content.ReadAsStringAsync(), null).AssertError(ErrorCodes.NonceAlreadyUsed);
    }

    [Theory, AllEngines]
    public async Task A_forged_or_retargeted_nonce_is_325_and_an_expired_one_326(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var link = await LinkAsync(admin, ("chain_id", Id(chain.ChainId)));
        using var anonymous = app.Client();

        async Task<SpaazaResponse> Get(string path)
        {
            using var response = await anonymous.Http.GetAsync(path);
            return new SpaazaResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), null);
        }

        var signatureFlipped = link.Replace("Nonce=", "Nonce=f", StringComparison.Ordinal);
        (await Get(signatureFlipped)).AssertError(ErrorCodes.InvalidNonce);
        (await Get(link.Replace($"ChainId={chain.ChainId}", $"ChainId={other.ChainId}", StringComparison.Ordinal))).AssertError(ErrorCodes.InvalidNonce);
        (await Get("/export/user?Nonce=abc&ChainId=1&Segment=all")).AssertError(ErrorCodes.InvalidNonce);

        app.Clock.Advance(TimeSpan.FromHours(48).Add(TimeSpan.FromSeconds(1)));
        (await Get(link)).AssertError(ErrorCodes.ExpiredNonce);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_downloads_of_one_link_serve_the_file_exactly_once(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        var link = await LinkAsync(privileged);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = chain.App.Client();
            using var response = await client.Http.GetAsync(link);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
    }

    [Theory, AllEngines]
    public async Task Export_needs_a_known_entity_and_read_permission_on_the_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/auth/export", ("export_entity", "voucher"))).AssertError(ErrorCodes.ExportNotSupported);
        (await privileged.PostAsync("/auth/export")).AssertError(ErrorCodes.HttpVarsMissing);
        using var admin = await chain.AdminClientAsync();
        (await admin.PostAsync("/auth/export", ("export_entity", "user"), ("chain_id", Id(other.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        using var anonymous = app.Client();
        (await anonymous.PostAsync("/auth/export", ("export_entity", "user"))).AssertError(ErrorCodes.NoValidSession);
    }
}
