using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// A chain's loyalty programme (its active loyalty campaign): the initial level on joining, points
/// tracker rules after points change, reviews at the end of each review cycle, and the member's
/// <c>loyalty_status</c>. Evaluation runs inside the caller's transaction.
/// </summary>
public sealed class LoyaltyService(TesseraDbContext db, LedgerService ledger, CampaignRewards rewards, CampaignCatalogue catalogue, EventWriter events, TimeProvider clock, ILogger<LoyaltyService> logger)
{
    private sealed record Programme(Campaign Campaign, IReadOnlyList<LevelDefinition> Levels, IReadOnlyList<RuleDefinition> Rules, Campaign? PointsWallet, int ReviewMonths);

    // Scoped: one request sees one programme per chain, read once.
    private readonly Dictionary<int, Programme?> _programmes = [];

    private async Task<Programme?> ProgrammeAsync(int chainId, CancellationToken cancellationToken)
    {
        if (_programmes.TryGetValue(chainId, out var known))
        {
            return known;
        }
        var programme = await ReadProgrammeAsync(chainId, cancellationToken);
        _programmes[chainId] = programme;
        return programme;
    }

    /// <summary>
    /// The programme from the campaign catalogue (a few seconds old at most), so reading a member's status
    /// costs no campaign queries. A points wallet named by id that is inactive is still read from the database.
    /// </summary>
    private async Task<Programme?> ReadProgrammeAsync(int chainId, CancellationToken cancellationToken)
    {
        var chain = await catalogue.GetAsync(db, chainId, cancellationToken);
        var campaign = chain.Active.FirstOrDefault(c => c.Type == CampaignTypes.Loyalty);
        if (campaign is null)
        {
            return null;
        }
        var config = CampaignService.Config(campaign);
        var levels = chain.Levels.Where(l => l.CampaignId == campaign.Id)
            .Select(l => new LevelDefinition(l.Id, l.Name, l.Description, l.Position)).ToList();
        var rules = config["loyalty_rules"] is JsonArray array ? array.OfType<JsonObject>().Select(Rule).ToList() : [];
        var walletId = Int(config["operand_campaign_id"]) ?? rules.Select(r => r.OperandCampaignId).FirstOrDefault(id => id is not null);
        var wallet = walletId is { } id
            ? chain.Active.FirstOrDefault(c => c.Id == id && c.Type == CampaignTypes.PointsWallet)
              ?? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ChainId == chainId && c.Type == CampaignTypes.PointsWallet, cancellationToken)
            : chain.Active.FirstOrDefault(c => c.Type == CampaignTypes.PointsWallet);
        return new Programme(campaign, levels, rules, wallet, Int(config["review_cycle_months"]) ?? 12);
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    private static long? Cents(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? Rounding.ToCents(d, Rounding.RoundUp, Domain.Ledger.Cents.Scale) : null;

    /// <summary>The <c>loyalty_rules</c> of a loyalty campaign's configuration.</summary>
    internal static IReadOnlyList<RuleDefinition> RulesOf(JsonObject config) =>
        config["loyalty_rules"] is JsonArray array ? [.. array.OfType<JsonObject>().Select(Rule)] : [];

    /// <summary>The programme's points wallet named by the campaign itself (<c>operand_campaign_id</c>), if any.</summary>
    internal static int? PointsWalletIdOf(JsonObject config) => Int(config["operand_campaign_id"]);

    private static RuleDefinition Rule(JsonObject r) => new(
        Int(r["id"]) ?? 0,
        r["type"]?.GetValue<string>() ?? "",
        r["action"]?.GetValue<string>() ?? "",
        r["direction"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : "up",
        Cents(r["points_threshold"]),
        Int(r["loyalty_level_id"]),
        Cents(r["action_amount"]) ?? 0,
        r["action_is_repeatable"] is JsonValue rep && rep.GetValueKind() == JsonValueKind.True,
        Int(r["operand_campaign_id"]));

    private async Task<long> BalanceAsync(int userId, Campaign? wallet, CancellationToken cancellationToken) =>
        wallet is null ? 0 : await ledger.BalanceAsync(userId, wallet.Id, cancellationToken);

    /// <summary>Whether the chain has a loyalty programme (members without one have no loyalty status to read).</summary>
    public async Task<bool> HasProgrammeAsync(int chainId, CancellationToken cancellationToken) =>
        await ProgrammeAsync(chainId, cancellationToken) is not null;

    /// <summary>
    /// Whether <see cref="EvaluateAsync"/> has anything to judge for <paramref name="member"/>: a programme without
    /// rules (or a member outside it) assigns no level and rewards nothing, so it reads and writes nothing.
    /// </summary>
    public async Task<bool> EvaluatesAsync(User member, CancellationToken cancellationToken) =>
        await RulingProgrammeAsync(member, cancellationToken) is not null;

    private async Task<Programme?> RulingProgrammeAsync(User member, CancellationToken cancellationToken) =>
        !member.ProgrammeOptedIn || member.Obfuscated || member.IsAdmin || await ProgrammeAsync(member.ChainId, cancellationToken) is not { Rules.Count: > 0 } programme
            ? null
            : programme;

    /// <summary>After a member joined or its points changed: the initial level, levels earned, actions earned.</summary>
    public async Task EvaluateAsync(User member, CancellationToken cancellationToken)
    {
        if (await RulingProgrammeAsync(member, cancellationToken) is not { } programme)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var balance = await BalanceAsync(member.Id, programme.PointsWallet, cancellationToken);
        var assignment = await db.MemberLoyaltyLevels.FirstOrDefaultAsync(m => m.UserId == member.Id, cancellationToken);
        var changes = new List<(int? From, int To, string Message)>();
        if (assignment is null && LoyaltyRules.InitialLevel(programme.Rules) is { } initial)
        {
            assignment = new MemberLoyaltyLevel { UserId = member.Id, LoyaltyLevelId = initial, DateReached = now, NextReviewDate = now.AddMonths(programme.ReviewMonths) };
            db.MemberLoyaltyLevels.Add(assignment);
            changes.Add((null, initial, InitialLevel));
        }
        if (LoyaltyRules.LevelAfterPointsChange(balance, assignment?.LoyaltyLevelId, programme.Rules, programme.Levels) is { } earned)
        {
            if (assignment is null)
            {
                assignment = new MemberLoyaltyLevel { UserId = member.Id, LoyaltyLevelId = earned, DateReached = now, NextReviewDate = now.AddMonths(programme.ReviewMonths) };
                db.MemberLoyaltyLevels.Add(assignment);
                changes.Add((null, earned, PointsLevel));
            }
            else
            {
                changes.Add((assignment.LoyaltyLevelId, earned, PointsLevel));
                assignment.LoyaltyLevelId = earned;
                assignment.DateReached = now;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        // Each change's event shows the member at its new level, so after it is saved.
        foreach (var (from, to, message) in changes)
        {
            await events.LevelChangedAsync(member, from, to, message, null, cancellationToken);
        }
        if (changes.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var rule in programme.Rules.Where(r => r.Type == LoyaltyRules.PointsTracker && r.Action != LoyaltyRules.SetLevel))
        {
            var times = LoyaltyRules.ActionTimesEarned(rule, balance);
            for (var k = 1; k <= times; k++)
            {
                var occurrence = $"rule:{rule.Id.ToString(CultureInfo.InvariantCulture)}:{k.ToString(CultureInfo.InvariantCulture)}";
                if (rule.Action == LoyaltyRules.CreateBasketVoucher)
                {
                    await rewards.RecordAsync(programme.Campaign, member.Id, occurrence, rule.ActionAmountCents, null, cancellationToken);
                }
                else if (rule.Action == LoyaltyRules.AddPointsToWallet && programme.PointsWallet is { } wallet)
                {
                    await rewards.RecordAsync(programme.Campaign, member.Id, occurrence, rule.ActionAmountCents, wallet, cancellationToken);
                }
            }
        }
    }

    /// <summary>The <c>log_message</c> of level changes (spec status level webhook: "Manual level change").</summary>
    public const string InitialLevel = "Initial level";
    public const string PointsLevel = "Level change by points";
    public const string ReviewLevel = "Level change by review";
    public const string ManualLevel = "Manual level change";

    /// <summary>The loyalty_status object of user_info and get-card; null without a programme or a level.</summary>
    public async Task<LoyaltyStatus?> StatusAsync(User member, CancellationToken cancellationToken)
    {
        var held = await (from m in db.MemberLoyaltyLevels.AsNoTracking()
                          join l in db.LoyaltyLevels.AsNoTracking() on m.LoyaltyLevelId equals l.Id
                          where m.UserId == member.Id
                          select new { Assignment = m, Level = l }).FirstOrDefaultAsync(cancellationToken);
        return held is null ? null : await StatusAsync(member, held.Assignment, held.Level, null, cancellationToken);
    }

    /// <summary>As <see cref="StatusAsync(User, CancellationToken)"/> from rows already read (the card reads them in one go).</summary>
    public async Task<LoyaltyStatus?> StatusAsync(User member, MemberLoyaltyLevel assignment, LoyaltyLevel level, IReadOnlyDictionary<int, long>? balances, CancellationToken cancellationToken)
    {
        if (await ProgrammeAsync(member.ChainId, cancellationToken) is not { } programme)
        {
            return null;
        }
        var balance = balances is not null
            ? programme.PointsWallet is { } wallet ? balances.GetValueOrDefault(wallet.Id) : 0
            : await BalanceAsync(member.Id, programme.PointsWallet, cancellationToken);
        return new LoyaltyStatus(
            level.CampaignId,
            level.Name,
            level.Description,
            level.Id,
            Domain.Ledger.Cents.ToDecimal(balance),
            Domain.Ledger.Cents.ToDecimal(LoyaltyRules.ToNextLevelCents(balance, level.Id, programme.Rules, programme.Levels)),
            Domain.Ledger.Cents.ToDecimal(LoyaltyRules.ToRemainCents(balance, level.Id, programme.Rules, programme.Levels)),
            Domain.Ledger.Cents.ToDecimal(LoyaltyRules.MaintenanceCents(level.Id, programme.Rules, programme.Levels)),
            SpaazaDates.Iso(assignment.LastReviewDate),
            SpaazaDates.Iso(assignment.NextReviewDate),
            SpaazaDates.Iso(assignment.DateReached));
    }

    /// <summary>
    /// Reviews the levels whose review date has come: each is claimed with a conditional update (so one
    /// server reviews it), set to the level the balance still earns, and review rules with
    /// <c>addPointsToWallet</c> subtract the maintenance points from a balance above them.
    /// </summary>
    public async Task<int> ReviewDueAsync(int batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.MemberLoyaltyLevels.AsNoTracking().Where(m => m.NextReviewDate != null && m.NextReviewDate <= now)
            .OrderBy(m => m.NextReviewDate).Take(batch).ToListAsync(cancellationToken);
        var reviewed = 0;
        foreach (var item in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var member = await db.Users.AsNoTracking().FirstAsync(u => u.Id == item.UserId, cancellationToken);
            var programme = await ProgrammeAsync(member.ChainId, cancellationToken);
            var months = programme?.ReviewMonths ?? 12;
            var dueDate = item.NextReviewDate;
            var claimed = await db.MemberLoyaltyLevels.Where(m => m.UserId == item.UserId && m.NextReviewDate == dueDate)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReviewDate, now).SetProperty(m => m.NextReviewDate, now.AddMonths(months)), cancellationToken);
            if (claimed == 0 || programme is null)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }
            var balance = await BalanceAsync(member.Id, programme.PointsWallet, cancellationToken);
            var maintenance = LoyaltyRules.MaintenanceCents(item.LoyaltyLevelId, programme.Rules, programme.Levels);
            if (LoyaltyRules.LevelAtReview(balance, programme.Rules, programme.Levels) is { } kept && kept != item.LoyaltyLevelId)
            {
                await db.MemberLoyaltyLevels.Where(m => m.UserId == member.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LoyaltyLevelId, kept).SetProperty(m => m.DateReached, now), cancellationToken);
                await events.LevelChangedAsync(member, item.LoyaltyLevelId, kept, ReviewLevel, null, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            foreach (var rule in programme.Rules.Where(r => r.Type == LoyaltyRules.Review && r.Action == LoyaltyRules.AddPointsToWallet))
            {
                if (programme.PointsWallet is { } wallet && maintenance > 0 && balance >= maintenance)
                {
                    var posted = await ledger.PostAsync(new Posting(member.Id, wallet, -maintenance, LedgerKinds.CampaignContribution, ContributingCampaignId: programme.Campaign.Id,
                        LogMessage: "Loyalty review"), null, cancellationToken);
                    if (posted.Failure is not null)
                    {
                        logger.LogWarning("Loyalty review of member {UserId} could not subtract {Cents}", member.Id, maintenance);
                    }
                }
            }
            await transaction.CommitAsync(cancellationToken);
            reviewed++;
        }
        return reviewed;
    }
}
