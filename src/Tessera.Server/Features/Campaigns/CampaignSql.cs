using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Campaigns;

/// <summary>The campaigns' hand-written statements: inserts that yield to an existing row (ON CONFLICT DO NOTHING).</summary>
public static class CampaignSql
{
    private const string Reward = """
        INSERT INTO campaign_rewards (chain_id, campaign_id, user_id, occurrence, amount_cents, reward_type, status, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
        """;

    private const string Progress = """
        INSERT INTO campaign_progress (user_id, campaign_id, progress, accomplishments, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
        """;

    /// <summary>The reward of one occurrence, unless it was recorded before (then the statement changes no row).</summary>
    public static SqlBatch AddReward(SqlBatch batch, int chainId, int campaignId, int userId, string occurrence, long cents, string rewardType, string status, DateTime now) =>
        batch.Add(Reward, chainId, campaignId, userId, occurrence, cents, rewardType, status, now);

    /// <summary>The member's progress row at zero, unless it exists; the caller locks it next.</summary>
    public static SqlBatch AddEnsureProgress(SqlBatch batch, int userId, int campaignId, DateTime now) =>
        batch.Add(Progress, userId, campaignId, 0L, 0, now);
}
