using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.LevelUp;

/// <summary>
/// LevelUp's merchant API as seed 001 describes it: <c>POST /v15/access_tokens</c> for a merchant token,
/// and <c>POST /v15/progress_adjustments</c> to adjust a member's progress on a progress campaign.
/// Errors are LevelUp's arrays of <c>{"error":{"message","object","property"}}</c>, not the Spaaza envelope.
/// </summary>
public static partial class LevelUpEndpoints
{
    public static readonly TimeSpan TokenValidity = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapLevelUpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v15/access_tokens", CreateAccessToken).WithName("access_tokens").WithMetadata(LevelUpErrorWriter.Instance)
            .RequireRateLimiting(Sessions.LoginAddressLimit.Policy);
        app.MapPost("/v15/progress_adjustments", CreateProgressAdjustment).WithName("progress_adjustments").WithMetadata(LevelUpErrorWriter.Instance);
        return app;
    }

    internal static IResult Error(int status, string message, string objectName, string? property) =>
        Results.Content(
            new JsonArray(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["object"] = objectName, ["property"] = property } }).ToJsonString(SpaazaJson.Options),
            "application/json", System.Text.Encoding.UTF8, status);

    /// <summary>The object under <paramref name="root"/> of a JSON body (LevelUp wraps every body so), else null.</summary>
    private static async Task<JsonObject?> ReadAsync(HttpRequest request, string root, CancellationToken ct) =>
        await JsonBody.ReadObjectAsync(request, ct) is { } body && body[root] is JsonObject inner ? inner : null;

    private static string? Text(JsonObject o, string name) => JsonBody.TextOf(o[name]);

    /// <summary>api_key is a privileged client's key id; the admin must hold rights on that client's chain.</summary>
    private static async Task<IResult> CreateAccessToken(HttpRequest request, TesseraDbContext db, SessionService sessions, TimeProvider clock, CancellationToken ct)
    {
        var body = await ReadAsync(request, "access_token", ct);
        if (body is null)
        {
            return Error(422, "Body must be {\"access_token\":{…}}", "access_token", null);
        }
        foreach (var field in new[] { "api_key", "username", "password" })
        {
            if (Text(body, field) is null)
            {
                return Error(422, $"{char.ToUpperInvariant(field[0])}{field[1..].Replace('_', ' ')} can't be blank", "access_token", field);
            }
        }
        var keyId = Text(body, "api_key")!;
        var client = await db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.KeyId == keyId && c.Active, ct);
        if (client is null)
        {
            return Error(401, "API key is invalid", "access_token", "api_key");
        }
        var admin = await sessions.VerifyAdminAsync(Text(body, "username")!, Text(body, "password")!, ct);
        if (admin.Failure is not null)
        {
            return Error(401, "Username or password is invalid", "access_token", "username");
        }
        var permissions = await db.AdminPermissions.AsNoTracking().Where(p => p.UserId == admin.Value!.Id && p.ChainId == client.ChainId && p.BusinessId == null).ToListAsync(ct);
        if (permissions.Count == 0)
        {
            return Error(401, "User is not a user of this merchant", "access_token", "username");
        }
        var caller = new Caller { Kind = CallerKind.Admin, User = admin.Value, Permissions = permissions };
        var token = $"{client.ChainId}-{Secrets.NewKey()}";
        var now = clock.GetUtcNow().UtcDateTime;
        db.MerchantTokens.Add(new MerchantToken
        {
            TokenHash = Secrets.Hash(token),
            ChainId = client.ChainId,
            AdminUserId = admin.Value!.Id,
            GiveMerchantFundedCredit = caller.Can(Permission.Write, client.ChainId),
            CreatedAt = now,
            ExpiresAt = now + TokenValidity,
        });
        await db.SaveChangesAsync(ct);
        var response = new JsonObject { ["access_token"] = new JsonObject { ["merchant_id"] = client.ChainId, ["token"] = token, ["user_id"] = admin.Value.Id } };
        return Results.Content(response.ToJsonString(SpaazaJson.Options), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
    }

    [GeneratedRegex("^token\\s+merchant=\"([^\"]+)\"$", RegexOptions.IgnoreCase)]
    private static partial Regex MerchantAuthorization();

    private static async Task<IResult> CreateProgressAdjustment(
        HttpRequest request, TesseraDbContext db, CampaignProgressService progress, LoyaltyService loyalty, EventWriter events, TimeProvider clock, CancellationToken ct)
    {
        // 401 for a missing or unknown token, an expired one, or one without give_merchant_funded_credit.
        var match = MerchantAuthorization().Match(request.Headers.Authorization.ToString().Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = match.Success ? Secrets.Hash(match.Groups[1].Value) : null;
        var token = hash is null ? null : await db.MerchantTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash && t.ExpiresAt > now, ct);
        if (token is null)
        {
            return Error(401, "Merchant token is missing or invalid", "access_token", "token");
        }
        if (!token.GiveMerchantFundedCredit)
        {
            return Error(401, "Merchant token lacks the give_merchant_funded_credit permission", "access_token", "token");
        }
        var body = await ReadAsync(request, "progress_adjustment", ct);
        if (body is null)
        {
            return Error(422, "Body must be {\"progress_adjustment\":{…}}", "progress_adjustment", null);
        }
        if (JsonBody.LongOf(body["adjustment"]) is not { } adjustment)
        {
            return Error(422, "Adjustment must be an integer", "progress_adjustment", "adjustment");
        }
        if (body["campaign_id"] is not JsonValue campaignNode || !campaignNode.TryGetValue<int>(out var campaignId))
        {
            return Error(422, "Campaign can't be blank", "progress_adjustment", "campaign_id");
        }
        // Another merchant's campaign and one that exists nowhere get the same answer, the seed's 401, so the
        // answer tells nothing about other merchants' campaigns.
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId && c.ChainId == token.ChainId, ct);
        if (campaign is null)
        {
            return Error(401, "Merchant token not associated with given campaign", "progress_adjustment", "campaign_id");
        }
        if (CampaignProgressService.Goal(campaign) is null || !campaign.Active)
        {
            return Error(422, "Campaign is not an active item, visit or spend based progress campaign", "progress_adjustment", "campaign_id");
        }
        User? member;
        if (body["user_id"] is JsonValue userNode && userNode.TryGetValue<int>(out var userId))
        {
            member = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ChainId == token.ChainId && !u.IsAdmin && !u.Obfuscated, ct);
            if (member is null)
            {
                return Error(422, "User does not exist", "progress_adjustment", "user_id");
            }
        }
        else if (Text(body, "email") is { } email)
        {
            var normalized = SessionService.NormalizeUsername(email);
            member = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UsernameScope == token.ChainId && u.UsernameNormalized == normalized && !u.Obfuscated, ct);
            if (member is null)
            {
                return Error(422, "Email does not match any User", "progress_adjustment", "email");
            }
        }
        else
        {
            return Error(422, "User or email must be supplied", "progress_adjustment", "user_id");
        }
        var suppress = JsonBody.IsTrue(body["suppress_email"]);
        var comment = Text(body, "audit_comment");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = new ProgressAdjustment
        {
            ChainId = token.ChainId,
            CampaignId = campaign.Id,
            UserId = member.Id,
            Adjustment = adjustment,
            AuditComment = comment is { Length: > 1024 } ? comment[..1024] : comment,
            AdminUserId = token.AdminUserId,
            CreatedAt = now,
        };
        db.ProgressAdjustments.Add(row);
        await db.SaveChangesAsync(ct);
        await events.ProgressAdjustedAsync(row, campaign, CampaignProgressService.Goal(campaign)!.Value.Unit, ct);
        await progress.AddAsync(member, campaign, adjustment, suppress, ct);
        await loyalty.EvaluateAsync(member, ct);
        await transaction.CommitAsync(ct);
        return Results.NoContent();
    }
}
