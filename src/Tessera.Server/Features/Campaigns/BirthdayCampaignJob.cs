using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// spec birthday campaigns: "the issuing of rewards such as points or vouchers to registered customers on or around
/// their birthday". Every active, running birthday campaign pays its <c>gift_amount</c> (else <c>reward_money</c>)
/// as every campaign reward is paid (<see cref="CampaignRewards.GrantAsync"/>: into <c>recipient_campaign_id</c>'s
/// wallet, or as a voucher) to each opted-in member on the day <c>days_before</c> their birthday, on the chain's
/// calendar (<see cref="Chain.TimeZone"/>). The reward's occurrence <c>birthday:{year}</c> (the year of the birthday
/// paid for) is unique per campaign and member, so two servers or a repeated run pay it once. A run also pays the
/// days missed in the last <c>Campaigns:BirthdayCatchUpDays</c> (7) days, never before the campaign was created or
/// started. See docs/spec-choices.md, "Birthday campaigns".
/// </summary>
internal sealed class BirthdayCampaignJob(TesseraDbContext db, CampaignRewards rewards, LoyaltyService loyalty, IConfiguration configuration, ILogger<BirthdayCampaignJob> logger) : IScheduledJob
{
    private const string OccurrencePrefix = "birthday:";

    public string Name => "birthday-campaigns";

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Campaigns:BirthdayIntervalSeconds", 3600)));

    private int CatchUpDays => Math.Clamp(configuration.GetValue("Campaigns:BirthdayCatchUpDays", 7), 0, 300);

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.Type == CampaignTypes.Birthday && c.Active).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        foreach (var chain in campaigns.GroupBy(c => c.ChainId))
        {
            var zoneName = await db.Chains.AsNoTracking().Where(c => c.Id == chain.Key).Select(c => c.TimeZone).SingleAsync(cancellationToken);
            var zone = Zone(zoneName, chain.Key);
            foreach (var campaign in chain)
            {
                var config = CampaignService.Config(campaign);
                if (!CampaignRewards.Running(config, now.UtcDateTime))
                {
                    continue;
                }
                try
                {
                    await PayAsync(campaign, config, zone, now, cancellationToken);
                }
#pragma warning disable CA1031 // One campaign that cannot pay must not hold up the others; it is tried again next run.
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    db.ChangeTracker.Clear();
                    logger.LogError(ex, "Birthday campaign {CampaignId} could not pay; it tries again at the next run", campaign.Id);
                }
            }
        }
    }

    private TimeZoneInfo Zone(string name, int chainId)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }
        logger.LogWarning("Chain {ChainId} has the unknown time zone {TimeZone}; its birthdays are paid on UTC days", chainId, name);
        return TimeZoneInfo.Utc;
    }

    private static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>The days to pay: today on the chain's calendar and the days missed before it, from the campaign's first day.</summary>
    private (DateOnly First, DateOnly Last) Days(Campaign campaign, JsonObject config, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = LocalDay(now.UtcDateTime, zone);
        var first = today.AddDays(-CatchUpDays);
        var created = LocalDay(campaign.CreatedAt, zone);
        var started = config["start_date"] is JsonValue start && CampaignFields.ParseDate(start.GetValue<string>()) is { } from ? LocalDay(from, zone) : created;
        var earliest = created > started ? created : started;
        return (first > earliest ? first : earliest, today);
    }

    private async Task PayAsync(Campaign campaign, JsonObject config, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (first, last) = Days(campaign, config, zone, now);
        if (first > last)
        {
            return;
        }
        var daysBefore = config["days_before"] is JsonValue d && d.TryGetValue<int>(out var n) ? Math.Clamp(n, 0, 366) : 0;
        var amount = Amount(config, "gift_amount") is > 0 and var gift ? gift : Amount(config, "reward_money");
        if (amount <= 0)
        {
            return;
        }
        var birthdays = BirthdayCalendar.BirthdaysPaidBetween(first, last, daysBefore);
        var keys = birthdays.Keys.ToList();
        var occurrences = birthdays.Values.Distinct().Select(Occurrence).ToList();
        var chainId = campaign.ChainId;
        var campaignId = campaign.Id;
        var members = await db.Users.AsNoTracking()
            .Where(u => u.ChainId == chainId && !u.IsAdmin && !u.Obfuscated && u.ProgrammeOptedIn && u.Birthday != null
                        && keys.Contains((u.Birthday.Value.Month * 100) + u.Birthday.Value.Day))
            .OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var paidBefore = (await db.CampaignRewards.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && occurrences.Contains(r.Occurrence))
            .Select(r => new { r.UserId, r.Occurrence }).ToListAsync(cancellationToken))
            .Select(r => (r.UserId, r.Occurrence)).ToHashSet();
        var paid = 0;
        foreach (var member in members)
        {
            var birth = member.Birthday!.Value;
            var year = birthdays[(birth.Month * 100) + birth.Day];
            if (year <= birth.Year || paidBefore.Contains((member.Id, Occurrence(year))))
            {
                continue;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await rewards.GrantAsync(campaign, config, member.Id, Occurrence(year), amount, cancellationToken) is not null)
            {
                // Points from a birthday count towards the loyalty programme as any other points do.
                await loyalty.EvaluateAsync(member, cancellationToken);
                paid++;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        if (paid > 0)
        {
            logger.LogInformation("Birthday campaign {CampaignId} paid {Count} members for the days {First} to {Last}", campaignId, paid, first, last);
        }
    }

    private static string Occurrence(int year) => OccurrencePrefix + year.ToString(CultureInfo.InvariantCulture);

    private static decimal Amount(JsonObject config, string field) =>
        config[field] is JsonValue value && value.TryGetValue<decimal>(out var amount) ? amount : 0m;
}
