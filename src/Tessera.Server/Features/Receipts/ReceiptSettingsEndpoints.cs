using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// <c>PUT /internal/alter-receipt-settings</c>: the chain settings the receipt object shows and the spec gives no call
/// for (chain logo_url, website_url, email, receipts_service_active; template_content subject, background_color).
/// Parameters left out stay; sent empty, a text setting is cleared. Admins with write permission on <c>chain_id</c>,
/// privileged clients on their own chain. Answers the chain's receipt settings.
/// </summary>
public static class ReceiptSettingsEndpoints
{
    public static IEndpointRouteBuilder MapReceiptSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/internal/alter-receipt-settings", ["PUT", "POST"], Alter).WithName("alter-receipt-settings");
        return app;
    }

    private static async Task<IResult> Alter(HttpRequest request, Caller caller, TesseraDbContext db, CampaignCatalogue catalogue, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chainId = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedOwn, Permission.Write);
        var logo = Url(p, "logo_url");
        var website = Url(p, "website_url");
        var email = p.Text("email", 256, ErrorCodes.ParameterInvalid);
        var active = p.Bool("receipts_service_active");
        var subject = p.Text("subject", 256, ErrorCodes.ParameterInvalid);
        var colour = p.Text("background_color", 32, ErrorCodes.ParameterInvalid);
        if (email is { Length: > 0 } && (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            p.Fail(ErrorCodes.ParameterInvalid.With("email must be an e-mail address"));
        }
        if ((chainId.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var chain = await db.Chains.SingleAsync(c => c.Id == chainId.Value, ct);
        chain.ReceiptLogoUrl = Change(chain.ReceiptLogoUrl, logo);
        chain.ReceiptWebsiteUrl = Change(chain.ReceiptWebsiteUrl, website);
        chain.ReceiptEmail = Change(chain.ReceiptEmail, email);
        chain.ReceiptsServiceActive = active ?? chain.ReceiptsServiceActive;
        chain.ReceiptSubject = Change(chain.ReceiptSubject, subject);
        chain.ReceiptBackgroundColor = Change(chain.ReceiptBackgroundColor, colour);
        await db.SaveChangesAsync(ct);
        // add-basket reads the chain through the catalogue: this server sees the change at once, others within its MaxAge.
        catalogue.Invalidate(chain.Id);
        return Spaaza.OkJson("alter-receipt-settings", BasketView.ToUtf8(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("chain_id", chain.Id);
            w.WriteString("logo_url", chain.ReceiptLogoUrl ?? "");
            w.WriteString("website_url", chain.ReceiptWebsiteUrl ?? "");
            w.WriteString("email", chain.ReceiptEmail ?? "");
            w.WriteBoolean("receipts_service_active", chain.ReceiptsServiceActive);
            w.WriteString("subject", chain.ReceiptSubject ?? "");
            w.WriteString("background_color", chain.ReceiptBackgroundColor ?? "");
            w.WriteEndObject();
        }));
    }

    /// <summary>An absolute http(s) URL of at most 1024 characters, or empty (to clear it).</summary>
    private static string? Url(SpaazaParams p, string name)
    {
        var value = p.Text(name, 1024, ErrorCodes.ParameterInvalid);
        if (value is { Length: > 0 } && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            p.Fail(ErrorCodes.ParameterInvalid.With($"{name} must be an http or https URL"));
        }
        return value;
    }

    private static string? Change(string? current, string? sent) => sent is null ? current : sent.Length == 0 ? null : sent;
}
