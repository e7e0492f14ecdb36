using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Features.Campaigns;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>chain-settings --chain-id ID [--allow-anonymous-returns true|false] [--redeem-regenerated-rewards true|false]</c>
/// <c>[--receipts-service-active true|false] [--receipt-logo-url URL] [--receipt-website-url URL] [--receipt-email E] [--receipt-subject S] [--receipt-background-color C]</c>
/// (the receipt settings, also set and shown by PUT /internal/alter-receipt-settings; not printed here):
/// changes the settings given and prints the chain's settings as one JSON object. Servers see a change within
/// <see cref="CampaignCatalogue.MaxAge"/> (they read a chain through that cache).
/// </summary>
public static class ChainSettingsCommand
{
    private const string Usage = "usage: chain-settings --chain-id ID [--allow-anonymous-returns true|false] [--redeem-regenerated-rewards true|false] [--receipts-service-active true|false] [--receipt-logo-url URL] [--receipt-website-url URL] [--receipt-email E] [--receipt-subject S] [--receipt-background-color C]";

    private static readonly string[] Known = ["--chain-id", "--allow-anonymous-returns", "--redeem-regenerated-rewards", "--receipts-service-active"];

    /// <summary>The receipt texts (as PUT /internal/alter-receipt-settings sets them; empty clears).</summary>
    private static readonly string[] Texts = ["--receipt-logo-url", "--receipt-website-url", "--receipt-email", "--receipt-subject", "--receipt-background-color"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (await CommandLine.ParseAsync("chain-settings", Usage, args, [.. Known, .. Texts], Known[..1]) is not { } options)
        {
            return 2;
        }
        if (!int.TryParse(options["--chain-id"], NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
        {
            await CommandLine.RefuseAsync("chain-settings", Usage, "--chain-id must be a chain's id");
            return 2;
        }
        var changes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var name in Known[1..].Where(options.ContainsKey))
        {
            if (!bool.TryParse(options[name], out var on))
            {
                await CommandLine.RefuseAsync("chain-settings", Usage, $"{name} must be true or false");
                return 2;
            }
            changes[name] = on;
        }
        return await CommandLine.WithDataAsync("chain-settings", _ => { }, async provider =>
        {
            var db = provider.GetRequiredService<TesseraDbContext>();
            var chain = await db.Chains.SingleOrDefaultAsync(c => c.Id == chainId);
            if (chain is null)
            {
                await Console.Error.WriteLineAsync($"chain-settings: no chain has id {chainId.ToString(CultureInfo.InvariantCulture)}");
                return 1;
            }
            if (changes.TryGetValue("--allow-anonymous-returns", out var anonymous))
            {
                chain.AllowAnonymousReturns = anonymous;
            }
            if (changes.TryGetValue("--redeem-regenerated-rewards", out var regenerated))
            {
                chain.RedeemRegeneratedRewards = regenerated;
            }
            if (changes.TryGetValue("--receipts-service-active", out var receipts))
            {
                chain.ReceiptsServiceActive = receipts;
            }
            string? Text(string name, string? current) => options.TryGetValue(name, out var sent) ? (sent.Length == 0 ? null : sent) : current;
            chain.ReceiptLogoUrl = Text("--receipt-logo-url", chain.ReceiptLogoUrl);
            chain.ReceiptWebsiteUrl = Text("--receipt-website-url", chain.ReceiptWebsiteUrl);
            chain.ReceiptEmail = Text("--receipt-email", chain.ReceiptEmail);
            chain.ReceiptSubject = Text("--receipt-subject", chain.ReceiptSubject);
            chain.ReceiptBackgroundColor = Text("--receipt-background-color", chain.ReceiptBackgroundColor);
            await db.SaveChangesAsync();
            await CommandLine.WriteJsonAsync(new ChainSettingsResult(chain.Id, chain.AllowAnonymousReturns, chain.RedeemRegeneratedRewards),
                Protocol.SpaazaJsonContext.Default.ChainSettingsResult);
            return 0;
        });
    }
}
