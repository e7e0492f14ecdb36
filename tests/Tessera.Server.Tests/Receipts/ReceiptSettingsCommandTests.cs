using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Cli;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Receipts;

/// <summary>The receipt settings through the operator command <c>chain-settings</c>.</summary>
[Trait("Category", "Slow")]
public sealed class ReceiptSettingsCommandTests
{
    [Fact]
    public async Task Chain_settings_sets_and_clears_the_receipt_settings_given_and_keeps_the_others()
    {
        var database = TestDatabase.Create(Engines.Sqlite);
        var boot = await ServerCommand.RunAsync(database, "bootstrap",
            "--chain-name", "Acme", "--hostname", "acme.example.test", "--admin-username", "admin@acme.test", "--admin-password", "secret-password");
        Assert.True(boot.ExitCode == 0, boot.Stderr);

        var set = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--receipts-service-active", "true",
            "--receipt-logo-url", "https://acme.test/logo.png", "--receipt-subject", "Your receipt", "--receipt-background-color", "#112233");
        var cleared = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--receipt-subject=");
        var refused = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--receipts-service-active", "maybe");

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.True(cleared.ExitCode == 0, cleared.Stderr);
        Assert.Equal(2, refused.ExitCode);
        await using var db = database.NewContext();
        var chain = await db.Chains.AsNoTracking().SingleAsync(c => c.Id == 1);
        Assert.True(chain.ReceiptsServiceActive);
        Assert.Equal("https://acme.test/logo.png", chain.ReceiptLogoUrl);
        Assert.Null(chain.ReceiptSubject);
        Assert.Equal("#112233", chain.ReceiptBackgroundColor);
    }
}
