using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Events;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// Progress towards a target: spend (in cents), visits or items for progress campaigns, visits for
/// purchase-count campaigns. Reaching the target accomplishes the goal (the reward is granted, an
/// accomplishment notification queued), and progress beyond the target carries over.
/// </summary>
public sealed class CampaignProgressService(TesseraDbContext db, CampaignRewards rewards, TimeProvider clock)
{
    public const string GoalAccomplished = "campaign.goal_accomplished";

    /// <summary>The unit (spend, visits, items) and the target in that unit (cents for spend); null for other campaigns.</summary>
    public static (string Unit, long Target)? Goal(Campaign campaign)
    {
        var config = CampaignService.Config(campaign);
        if (campaign.Type == CampaignTypes.PurchaseCount)
        {
            return config["purchase_count"] is JsonValue n && n.TryGetValue<long>(out var count) && count > 0 ? ("visits", count) : null;
        }
        if (campaign.Type != CampaignTypes.Progress || config["target"] is not JsonValue t || !t.TryGetValue<decimal>(out var target) || target <= 0)
        {
            return null;
        }
        var unit = config["progress_unit"]?.GetValue<string>() ?? "spend";
        return unit == "spend" ? (unit, (long)decimal.Ceiling(target * 100m)) : (unit, (long)decimal.Ceiling(target));
    }

    /// <summary>Adds <paramref name="delta"/> (never below zero) in the caller's transaction, the progress row locked first.</summary>
    public async Task<ProgressResult> AddAsync(User member, Campaign campaign, long delta, bool suppressNotification, CancellationToken cancellationToken)
    {
        var goal = Goal(campaign) ?? throw new InvalidOperationException($"Campaign {campaign.Id} has no target.");
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = member.Id;
        var campaignId = campaign.Id;
        await CampaignSql.AddEnsureProgress(new SqlBatch(db), userId, campaignId, now).ExecuteAsync(cancellationToken);
        var rows = db.CampaignProgress.Where(p => p.UserId == userId && p.CampaignId == campaignId);
        await rows.ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), cancellationToken);
        var row = await rows.SingleAsync(cancellationToken);
        var total = Math.Max(0, row.Progress + delta);
        var reached = (int)(total / goal.Target);
        var config = CampaignService.Config(campaign);
        var reward = config["reward_money"] is JsonValue money && money.TryGetValue<decimal>(out var amount) ? amount : 0m;
        for (var i = 1; i <= reached; i++)
        {
            var accomplishment = row.Accomplishments + i;
            await rewards.GrantAsync(campaign, config, userId, $"goal:{accomplishment.ToString(CultureInfo.InvariantCulture)}", reward, cancellationToken);
            if (!suppressNotification)
            {
                Outbox.Add(db, campaign.ChainId, GoalAccomplished, new JsonObject
                {
                    ["user_id"] = userId,
                    ["campaign_id"] = campaignId,
                    ["accomplishment"] = accomplishment,
                    ["notify"] = "email",
                }, now);
            }
        }
        row.Progress = total % goal.Target;
        row.Accomplishments += reached;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new ProgressResult(row.Progress, reached);
    }
}
