using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Events;

/// <summary>The events feature's hand-written statements (ADR 0024).</summary>
public static class EventSql
{
    private const string InsertLevelChange = """
        INSERT INTO loyalty_level_changes (chain_id, user_id, campaign_id, loyalty_level_id, previous_loyalty_level_id, log_message, mutation_owner_id, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """;

    /// <summary>A level change (migration 0020), its id set by <paramref name="id"/> when the batch is read.</summary>
    public static SqlBatch AddLevelChange(SqlBatch batch, Action<long> id, int chainId, int userId, int campaignId, int levelId, int? previousLevelId,
        string logMessage, int? mutationOwnerId, DateTime now) =>
        batch.Query(InsertLevelChange, r => id(r.GetInt64(0)), chainId, userId, campaignId, levelId, previousLevelId, logMessage, mutationOwnerId, now);
}
