using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// The services receipt calls (spec lines 5866-6060, 6400-6634): <c>GET /receipts?shopper_id=</c> and
/// <c>GET /receipts/{id}</c>, answering the bare JSON of their samples, and a receipt's signed PDF link
/// <c>GET /receipt-pdf/{basket id}</c>. A member sees its own receipts only; another member's, another chain's and
/// none at all answer alike (68).
/// </summary>
public static class ReceiptEndpoints
{
    public static IEndpointRouteBuilder MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/receipts", ForShopper).WithName("receipts");
        app.MapGet("/receipts/{id}", One).WithName("receipt");
        app.MapGet("/receipt-pdf/{basketId:long}", Pdf).WithName("receipt-pdf");
        return app;
    }

    private static async Task<IResult> ForShopper(HttpRequest request, Caller caller, TesseraDbContext db, ReceiptReader reader, ReceiptLinks links, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.ServicesSessionChain, Permission.Read, caller.SessionChainId);
        var shopper = p.RequiredInt("shopper_id", ErrorCodes.UserIdNotPresent, ErrorCodes.UserIdInvalid);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var chainId = chain.Value;
        if ((caller.IsMember && caller.User!.Id != shopper)
            || !await db.Users.AnyAsync(u => u.Id == shopper && u.ChainId == chainId && !u.IsAdmin, ct))
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        var receipts = await reader.ForMemberAsync(chainId, shopper, ct);
        var urls = new List<string>(receipts.Count);
        foreach (var r in receipts)
        {
            urls.Add(await links.CreateAsync(r.Basket.Id, ct));
        }
        return Results.Bytes(BasketView.ToUtf8(w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < receipts.Count; i++)
            {
                ReceiptJson.Write(w, receipts[i], urls[i]);
            }
            w.WriteEndArray();
        }), "application/json; charset=utf-8");
    }

    private static async Task<IResult> One(string id, HttpRequest request, Caller caller, ReceiptReader reader, ReceiptLinks links, LoyaltyService loyalty, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.ServicesSessionChain, Permission.Read, caller.SessionChainId);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var receipt = await reader.ByCodeAsync(chain.Value, id, ct);
        if (receipt is null || (caller.IsMember && receipt.Basket.UserId != caller.User!.Id))
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        var url = await links.CreateAsync(receipt.Basket.Id, ct);
        var status = receipt.Shopper is { } shopper ? await loyalty.StatusAsync(shopper, ct) : null;
        return Results.Bytes(BasketView.ToUtf8(w => ReceiptJson.Write(w, receipt, url, withLoyalty: true, status)), "application/json; charset=utf-8");
    }

    /// <summary>The link is its own authorisation: a signature of the basket and the expiry (325 wrong, 326 expired).</summary>
    private static async Task<IResult> Pdf(long basketId, HttpRequest request, ReceiptLinks links, ReceiptPdfs pdfs, CancellationToken ct)
    {
        var expires = request.Query["expires"].ToString();
        var signature = request.Query["signature"].ToString();
        switch (await links.CheckAsync(basketId, expires, signature, ct))
        {
            case ReceiptLinkCheck.Tampered:
                return Spaaza.Error(ErrorCodes.InvalidNonce);
            case ReceiptLinkCheck.Expired:
                return Spaaza.Error(ErrorCodes.ExpiredNonce);
        }
        var pdf = await pdfs.GetAsync(basketId, ct);
        if (pdf is null)
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        return Results.File(pdf, "application/pdf", $"receipt-{basketId.ToString(CultureInfo.InvariantCulture)}.pdf");
    }
}
