using System.Globalization;
using System.Net;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>Answers write €, ü, + and &amp; as characters, as Spaaza does, not as \u escapes (issue 28).</summary>
public sealed class PlainJsonTextTests
{
    private const string Name = "Jürgen €+&<b>";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static void AssertPlain(string body)
    {
        Assert.Contains(Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u20AC", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u002B", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0026", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, AllEngines]
    public async Task Member_answers_write_accents_currency_plus_and_ampersand_as_characters(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var privileged = chain.PrivilegedClient();
        var email = $"j+{Guid.NewGuid():N}@example.test";
        var added = await privileged.PostAsync("/internal/add-user", ("username", email), ("password", "secret-pw"), ("first_name", Name), ("last_name", "Smith"));
        added.AssertOk("add-user");
        AssertPlain(added.Body);
        Assert.Contains(email, added.Body, StringComparison.Ordinal);
        var userId = added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();

        var user = await privileged.GetAsync("/internal/get-user", ("user_id", Id(userId)));
        AssertPlain(user.Body);

        var card = await privileged.GetAsync("/get-card", ("user_id", Id(userId)));
        AssertPlain(card.Body);

        using var admin = await chain.AdminClientAsync();
        admin.Header("Session-Chain-Id", Id(chain.ChainId));
        var search = await admin.PostAsync("/search/users", ("query", email));
        Assert.Equal(HttpStatusCode.OK, search.Status);
        AssertPlain(search.Body);
    }

    [Theory, AllEngines]
    public async Task Answers_say_they_are_not_to_be_sniffed(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var privileged = chain.PrivilegedClient();
        var response = await privileged.Http.GetAsync("/internal/get-user?user_id=0");
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }
}
