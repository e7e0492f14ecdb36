using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Domain.Reference;
using Tessera.Domain.Vouchers;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>A basket priced: its lines, the vouchers applied and what it earns; for get-basket-price as for add-basket.</summary>
public sealed class PricedBasket(BasketInput input, BasketScope scope)
{
    public BasketInput Input { get; } = input;
    public BasketScope Scope { get; set; } = scope;
    public List<Line> Lines { get; } = input.Purchases.Select(i => new Line(i)).ToList();
    public List<AppliedVoucher> Vouchers { get; } = [];
    public List<AppliedVoucher> Honour { get; } = [];

    /// <summary>The member was recognised by a returned item's original basket (anonymous returns), not by the request.</summary>
    public bool MemberFromReturn { get; set; }

    /// <summary>The shopper's programme as sent; "spaaza" for a member recognised from a returned item.</summary>
    public string? MemberProgramme => MemberFromReturn ? "spaaza" : Input.Shopper?.MemberProgramme;

    /// <summary>add-basket: the ids of the basket's tax lines, in order (spec basket_tax id), once stored.</summary>
    public List<long> TaxIds { get; } = [];
    public List<Earned> Earned { get; } = [];
    public List<ProgressMade> Progress { get; } = [];
    public List<ReturnLine> Returns { get; set; } = [];
    public List<AppliedVoucher> Regenerated { get; } = [];
    public List<ApiWarning> Warnings { get; } = [];
    /// <summary>Events of this basket (or return), written with its last statements.</summary>
    public List<OutboxEvent> Events { get; } = [];

    public long RedeemedCents => Vouchers.Sum(v => v.RedeemedCents) + Lines.Sum(l => l.ItemVoucherCents);
    /// <summary>
    /// get-basket-price: the total minus what the vouchers redeem. add-basket's basket_total_price is what was
    /// paid, after the vouchers (the samples: 2703.85 priced, 2653.85 confirmed), so it is its own adjusted total.
    /// </summary>
    public long AdjustedTotalCents => Stored is null || !Input.TotalSent ? TotalCents - RedeemedCents : Input.TotalCents;

    /// <summary>
    /// The basket's total as priced: basket_total_price when sent; without it (spec: "a value of 0 is recorded rather
    /// than returning an error", which is what is echoed and stored) the lines, shipping and the (negative) return
    /// lines add up to it, so that the adjusted total and campaign minimums do not go by a total of 0.
    /// </summary>
    public long TotalCents => Input.TotalSent ? Input.TotalCents : Lines.Sum(l => l.SubtotalCents) + Input.ShippingCents + ReturnedCents;

    /// <summary>The return lines' amounts (negative).</summary>
    private long ReturnedCents => Returns.Sum(r => r.Input?.SubtotalCents ?? r.ReturnPriceCents * r.Quantity);

    /// <summary>
    /// spec basket_total_price: "if the total price of items in the basket does not add up to basket_total_price,
    /// the basket_total_price value is used for these calculations": when the shopper paid less for the lines than
    /// they add up to (after vouchers; shipping and returned lines aside), earning counts what was paid. Never more
    /// than the lines.
    /// </summary>
    public long EarningBase(long eligibleCents)
    {
        var lines = Lines.Sum(l => Math.Max(0, l.AdjustedCents));
        if (!Input.TotalSent || lines <= 0)
        {
            return eligibleCents;
        }
        // What was paid for the purchase lines: the total without shipping and without the (negative) return lines.
        var paid = Math.Max(0, AdjustedTotalCents - Input.ShippingCents - ReturnedCents);
        return paid >= lines ? eligibleCents : (long)((decimal)eligibleCents * paid / lines);
    }
    public Basket? Stored { get; set; }
}

/// <summary>A basket call's results as JSON (written once: add-basket stores the same text for its replays) and its warnings.</summary>
public sealed record BasketAnswer(byte[] Utf8Json, IReadOnlyList<ApiWarning> Warnings)
{
    /// <summary>An answer stored as text (a replay's).</summary>
    public BasketAnswer(string json, IReadOnlyList<ApiWarning> warnings) : this(System.Text.Encoding.UTF8.GetBytes(json), warnings)
    {
    }
}

/// <summary>
/// get-basket-price and add-basket (spec lines 3741-5105) and inline returns (5106-5551). Pricing uses the pure
/// <see cref="BasketPricing"/> and <see cref="Earning"/> rules. add-basket stores everything in one transaction
/// whose last batch claims the vouchers (updates conditional on their version and status, so a voucher named by
/// racing baskets is redeemed by one of them only) and inserts the basket under its unique (chain, retailer basket
/// code): a replay, earlier or concurrent, fails there, is rolled back whole and answered with the stored answer
/// and warning 311. Replays are rare, so the usual basket pays no lookup of its code beforehand.
/// </summary>
public sealed class BasketService(
    TesseraDbContext db,
    BasketScopes scopes,
    ReturnPlanner returns,
    ProductCatalogue products,
    VoucherService vouchers,
    LedgerService ledger,
    CampaignProgressService progress,
    CampaignRewards rewards,
    LoyaltyService loyalty,
    RowIds ids,
    TimeProvider clock,
    ILogger<BasketService> logger)
{
    public const string BasketAdded = "basket.added";
    public const string PointsMutation = "shopper.points-mutation";

    private static readonly string[] VoucherTypes = [VoucherService.Basket, VoucherService.BasketPct];

    /// <summary>What a basket call reads in its first round trip besides the member.</summary>
    private sealed class FirstReads
    {
        /// <summary>The basket's chain, once its scope is resolved.</summary>
        public int? ChainId { get; set; }

        /// <summary>add-basket: the vouchers the basket names; get-basket-price: the member's claimed ones.</summary>
        public List<Voucher> Vouchers { get; } = [];

        /// <summary>get-basket-price on PostgreSQL: the lock taken in the first round trip, if any, and what it locked.</summary>
        public VoucherLock? Lock { get; set; }

        public List<LockedAhead> LockedAhead { get; } = [];
    }

    /// <summary>
    /// Resolves the basket's scope and reads, in one round trip, its shopper and what the call needs besides: for
    /// add-basket (<paramref name="confirming"/>) the vouchers the basket names and
    /// (PostgreSQL) the ids of the rows it will write; for get-basket-price the member's claimed vouchers. Then plans
    /// the returns and finds the products of the lines.
    /// </summary>
    private async Task<Outcome<PricedBasket>> PrepareAsync(Caller caller, BasketInput input, bool confirming, FirstReads reads, CancellationToken cancellationToken)
    {
        if ((caller.Require(CallerKind.Admin, CallerKind.Privileged) ?? caller.CheckPrivilegedApp()) is { } denied)
        {
            return denied;
        }
        var scope = await scopes.ResolveAsync(caller, input, cancellationToken);
        if (scope.Failure is { } failure)
        {
            return failure;
        }
        var chainId = scope.Value!.Chain.Id;
        reads.ChainId = chainId;
        var read = new SqlBatch(db);
        User? found = null;
        var match = BasketScopes.MemberMatch(input);
        if (match is { } shopper)
        {
            MemberRows.AddFind(read, chainId, shopper, m => found = m);
        }
        if (confirming)
        {
            var refs = NamedRefs(input).ToList();
            VoucherRows.AddNamed(read, chainId, refs.Select(r => r.Key?.ToLowerInvariant()).OfType<string>().Distinct().ToList(),
                refs.Where(r => r.Key is null).Select(r => r.Id).OfType<long>().Distinct().ToList(), reads.Vouchers);
            await ids.ReserveAsync(read, cancellationToken, ("baskets", 1), (RowIds.Lines, input.Items.Count + input.Taxes.Count),
                ("ledger_entries", scope.Value.Campaigns.Active.Count(c => c.Type == CampaignTypes.Cashback)));
        }
        else if (match is { } memberOfPrice)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (LocksAhead(read, input, scope.Value))
            {
                // The vouchers the price will most likely apply are locked in the statement that reads the member's
                // claimed ones (as they were before, which the price judges); the few it then does not apply get their
                // lock back in the lock round trip, which is skipped when there are none (see PriceAsync).
                reads.Lock = PriceLock(input, now);
                VoucherRows.AddClaimedLockingAhead(read, chainId, memberOfPrice, now, scope.Value.Currency.Id, input.VoucherLockingCode,
                    input.RetailerBasketCode, reads.Lock, reads.Vouchers, reads.LockedAhead);
            }
            else
            {
                VoucherRows.AddClaimedOfMember(read, chainId, memberOfPrice, now, reads.Vouchers);
            }
        }
        await read.ReadAsync(cancellationToken);
        var priced = new PricedBasket(input, scope.Value.WithMember(found));
        priced.Warnings.AddRange(priced.Scope.Warnings);
        var planned = await PlanReturnsAsync(priced, cancellationToken);
        if (planned is { } refused)
        {
            return refused;
        }
        await products.FindAsync(priced.Scope.Chain.Id, priced.Lines, cancellationToken, trustAbsent: !confirming);
        return priced;
    }

    /// <summary>
    /// Whether get-basket-price locks the member's usable vouchers in its first round trip: on PostgreSQL, for a basket
    /// of purchases only (returns may change its currency) in a chain without basket or product campaigns (those
    /// create vouchers first, which the price then applies too).
    /// </summary>
    private static bool LocksAhead(SqlBatch read, BasketInput input, BasketScope scope) =>
        read.IsPostgres && !input.Returns.Any() && input.Purchases.Any()
        && !scope.Campaigns.Active.Any(c => c.Type is CampaignTypes.Basket or CampaignTypes.Product);

    /// <summary>
    /// The lock get-basket-price puts on what it applies: for the default period, exclusively to the basket's codes
    /// when asked (spec: basket_vouchers_lock_exclusively).
    /// </summary>
    private static VoucherLock PriceLock(BasketInput input, DateTime now) => new(now.AddSeconds(VoucherRules.DefaultLockSeconds),
        input.LockExclusively ? input.VoucherLockingCode : null, input.LockExclusively ? input.RetailerBasketCode : null);

    private async Task<ApiFailure?> PlanReturnsAsync(PricedBasket priced, CancellationToken cancellationToken)
    {
        var requests = priced.Input.Returns.Select(ReturnPlanner.FromItem).ToList();
        if (requests.Count == 0)
        {
            priced.Returns = [];
            return null;
        }
        var planned = await returns.PlanAsync(priced.Scope.Chain.Id, priced.Scope.Member, requests, cancellationToken);
        if (planned.Failure is { } failure)
        {
            return failure;
        }
        priced.Returns = planned.Value!;
        // spec member_number: a chain that allows anonymous returns recognises an unidentified shopper as the member
        // whose basket the first returned item that came from a member's basket came from (every return of an
        // anonymous shopper names its basket; items bought anonymously have no member to recognise).
        if (priced.Scope.Member is null && priced.Scope.Chain.AllowAnonymousReturns
            && priced.Returns.Select(r => r.OriginalBasket.UserId).FirstOrDefault(id => id is not null) is { } originalMember)
        {
            var chainId = priced.Scope.Chain.Id;
            var member = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == originalMember && u.ChainId == chainId && !u.IsAdmin, cancellationToken);
            priced.Scope = priced.Scope.WithMember(member);
            priced.MemberFromReturn = priced.Scope.Member is not null;
        }
        // spec: return currency: without basket_currency, the currency of the last returned item's original basket.
        if (priced.Input.CurrencyId is null && priced.Input.CurrencyCode is null && Currencies.FindById(priced.Returns[^1].OriginalBasket.CurrencyId) is { } original)
        {
            priced.Scope = priced.Scope with { Currency = original };
        }
        return null;
    }

    // ---------------------------------------------------------------- get-basket-price

    /// <summary>
    /// spec get-basket-price: prices the basket for the member with their claimed vouchers and the chain's basket
    /// campaigns, locks the vouchers it applies and changes nothing else.
    /// </summary>
    public async Task<Outcome<BasketAnswer>> PriceAsync(Caller caller, BasketInput input, CancellationToken cancellationToken)
    {
        var reads = new FirstReads();
        var prepared = await PrepareAsync(caller, input, confirming: false, reads, cancellationToken);
        if (prepared.Failure is { } failure)
        {
            return failure;
        }
        var priced = prepared.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        if (priced.Scope.Member is { } member)
        {
            var usable = reads.Vouchers;
            if (priced.MemberFromReturn)
            {
                // Recognised after the first round trip, which read no vouchers.
                usable = await VoucherRows.ClaimedAsync(db, member.ChainId, member.Id, now, cancellationToken);
            }
            if (priced.Scope.Campaigns.Active.Any(c => c.Type is CampaignTypes.Basket or CampaignTypes.Product))
            {
                // Basket and product campaigns create (and replace) the member's vouchers first: read them again after.
                await CreateBasketCampaignVouchersAsync(priced, member, now, cancellationToken);
                await CreateProductVouchersAsync(priced, member, now, cancellationToken);
                usable = await VoucherRows.ClaimedAsync(db, member.ChainId, member.Id, now, cancellationToken);
            }
            // A basket discount created for another basket (another locking code) is that basket's, not this one's.
            foreach (var voucher in usable.Where(v => Redemption.PriceMayApply(v.BasketLockingCode, input.VoucherLockingCode)
                && Redemption.MayUseLock(v.LockedUntil, v.LockingCode, v.RetailerBasketCodeExclusive, input.VoucherLockingCode, input.RetailerBasketCode, now)))
            {
                if (VoucherTypes.Contains(voucher.Type) && (voucher.CurrencyId is null || voucher.CurrencyId == priced.Scope.Currency.Id) && priced.Lines.Count > 0)
                {
                    priced.Vouchers.Add(new AppliedVoucher(voucher, Campaign(priced, voucher.CampaignId)));
                }
                else if (voucher.Type == VoucherService.Honour)
                {
                    priced.Honour.Add(new AppliedVoucher(voucher, Campaign(priced, voucher.CampaignId)));
                }
                else if (voucher.Type == VoucherService.VarPrice && (voucher.CurrencyId is null || voucher.CurrencyId == priced.Scope.Currency.Id)
                    && priced.Lines.FirstOrDefault(l => l.IsProduct(voucher.ProductCode) && l.ItemVouchers.Count == 0) is { } line)
                {
                    var cents = Math.Min((voucher.AmountOriginalCents ?? 0) - voucher.AmountRedeemedCents, line.SubtotalCents);
                    if (cents > 0)
                    {
                        line.ItemVouchers.Add(new AppliedVoucher(voucher, Campaign(priced, voucher.CampaignId)) { RedeemedCents = cents });
                    }
                }
            }
        }
        AddRegeneratedPreviews(priced, now);
        if (priced.Vouchers.Select(v => OverDistributed(priced, v.Voucher)).FirstOrDefault(f => f is not null) is { } invalid)
        {
            // Nothing priced, nothing locked: the locks taken ahead go back as they were.
            var putBack = new SqlBatch(db) { CommitWithoutWaitingForDisk = true };
            VoucherRows.AddPutBack(putBack, reads.LockedAhead);
            await putBack.ExecuteAsync(cancellationToken);
            return invalid;
        }
        Price(priced);
        priced.Vouchers.RemoveAll(v => v.RedeemedCents == 0 && v.RegeneratedFrom is null);
        Earn(priced, now);

        // Lock what was applied, exclusively to this basket's codes when asked (spec: basket_vouchers_lock_exclusively):
        // one UPDATE per voucher, conditional on the version read, all in one round trip; a voucher changed meanwhile
        // is left as it is.
        var (until, lockingCode, exclusiveCode) = reads.Lock ?? PriceLock(input, now);
        var lockedAhead = reads.LockedAhead.ToDictionary(l => l.Id);
        // A lock is a reservation the till renews with every price request and add-basket does not need: it commits
        // without waiting for the disk (a lock lost in a crash of PostgreSQL is as if it had expired).
        var locks = new SqlBatch(db) { CommitWithoutWaitingForDisk = true };
        var locking = new List<Voucher>();
        foreach (var v in priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)).Select(a => a.Voucher).Where(v => v.Id != 0).DistinctBy(v => v.Id))
        {
            if (lockedAhead.Remove(v.Id, out var ahead))
            {
                // Locked in the first round trip, as this would lock it.
                v.Version = ahead.Version;
                v.LockedUntil = until;
                v.LockingCode = lockingCode;
                v.RetailerBasketCodeExclusive = exclusiveCode;
                continue;
            }
            locks.Add("""
                UPDATE vouchers SET locked_until = $1, locking_code = $2, retailer_basket_code_exclusive = $3, version = $4
                WHERE id = $5 AND version = $6 AND status = 'claimed' AND deleted_at IS NULL
                """, until, lockingCode, exclusiveCode, v.Version + 1, v.Id, v.Version);
            locking.Add(v);
        }
        // Locked ahead and not applied after all: their locks go back as they were, in the same round trip.
        VoucherRows.AddPutBack(locks, lockedAhead.Values);
        var locked = await locks.ExecuteAsync(cancellationToken);
        for (var i = 0; i < locking.Count; i++)
        {
            if (locked[i] == 1)
            {
                var v = locking[i];
                v.LockedUntil = until;
                v.LockingCode = lockingCode;
                v.RetailerBasketCodeExclusive = exclusiveCode;
                v.Version++;
            }
        }
        return new BasketAnswer(BasketView.PriceResults(priced, now), priced.Warnings);
    }

    private static Campaign? Campaign(PricedBasket priced, int? campaignId) =>
        campaignId is { } id ? priced.Scope.Campaigns.Active.FirstOrDefault(c => c.Id == id) : null;

    private async Task<Campaign?> CampaignAsync(PricedBasket priced, int? campaignId, CancellationToken cancellationToken) =>
        Campaign(priced, campaignId) ?? (campaignId is { } id ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) : null);

    private static bool PlatformAllows(JsonObject config, string platform) =>
        !(config["in_store_only"] is JsonValue s && s.GetValueKind() == JsonValueKind.True && platform != "in_store")
        && !(config["online_only"] is JsonValue o && o.GetValueKind() == JsonValueKind.True && platform != "online");

    private static bool MinimumMet(JsonObject config, long totalCents) =>
        config["minimum_basket_value"] is not JsonValue m || !m.TryGetValue<decimal>(out var minimum) || totalCents >= minimum * 100m;

    /// <summary>
    /// spec basket campaigns: a qualifying basket of an identified member gets the campaign's discount as a claimed
    /// basket voucher created on the fly; the member's unredeemed vouchers of that campaign with the same locking
    /// code are deleted first, so repeated price requests leave one.
    /// </summary>
    private async Task CreateBasketCampaignVouchersAsync(PricedBasket priced, User member, DateTime now, CancellationToken cancellationToken)
    {
        if (priced.Lines.Count == 0)
        {
            return;
        }
        foreach (var campaign in priced.Scope.Campaigns.Active.Where(c => c.Type == CampaignTypes.Basket))
        {
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !PlatformAllows(config, priced.Input.PlatformType) || !MinimumMet(config, priced.TotalCents))
            {
                continue;
            }
            long? amount = config["discount_amount"] is JsonValue a && a.TryGetValue<decimal>(out var d) && d > 0 && Cents.TryFromDecimal(decimal.Round(d, 2), out var cents) ? cents : null;
            int? ratio = config["voucher_discount_ratio"] is JsonValue r && r.TryGetValue<decimal>(out var q) && q > 0 ? (int)decimal.Round(q * 1000m) : null;
            if (amount is null && ratio is null)
            {
                continue;
            }
            await ReplaceCampaignVoucherAsync(priced, member, campaign, config, new Voucher
            {
                Key = "",
                Type = amount is not null ? VoucherService.Basket : VoucherService.BasketPct,
                Status = "claimed",
                AmountOriginalCents = amount,
                DiscountRatioMilli = amount is null ? ratio : null,
                CurrencyId = amount is not null ? priced.Scope.Currency.Id : null,
            }, now, cancellationToken);
        }
    }

    /// <summary>
    /// spec product (discount) campaigns and item_vouchers: a line of an identified member whose retailer product
    /// code or barcode is in a campaign's <c>product_codes</c> gets a personal product (var_price) voucher worth
    /// the campaign's <c>discount_amount</c> (or <c>voucher_discount_ratio</c> of the price) per unit, for the
    /// line's units; the member's unredeemed one for that product and locking code is replaced.
    /// </summary>
    private async Task CreateProductVouchersAsync(PricedBasket priced, User member, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var campaign in priced.Scope.Campaigns.Active.Where(c => c.Type == CampaignTypes.Product))
        {
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !PlatformAllows(config, priced.Input.PlatformType) || config["product_codes"] is not JsonArray codes)
            {
                continue;
            }
            var listed = codes.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var line in priced.Lines)
            {
                var code = new[] { line.Input.RetailerProductCode, line.Input.Barcode }.FirstOrDefault(c => c is not null && listed.Contains(c));
                if (code is null || !line.IsProduct(code))
                {
                    continue;
                }
                var perUnit = ProductDiscount(config, line.PriceCents);
                if (perUnit <= 0)
                {
                    continue;
                }
                await ReplaceCampaignVoucherAsync(priced, member, campaign, config, new Voucher
                {
                    Key = "",
                    Type = VoucherService.VarPrice,
                    Status = "claimed",
                    AmountOriginalCents = perUnit * line.Input.Quantity,
                    CurrencyId = priced.Scope.Currency.Id,
                    ProductCode = code,
                }, now, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Issues <paramref name="voucher"/> (claimed, of <paramref name="campaign"/>, for the member, created under the
    /// request's locking code, see <see cref="Redemption.CreatedUnder"/>) after deleting the member's unredeemed vouchers
    /// of that campaign and product created under the same code (spec voucher_locking_code); vouchers issued otherwise
    /// (rewards, remainders, regenerated ones) have no such code and stay. The code does not lock it: the price locks
    /// what it applies, to the code only when basket_vouchers_lock_exclusively asks, and applies it only to a basket
    /// priced under the same code (<see cref="Redemption.PriceMayApply"/>).
    /// </summary>
    private async Task ReplaceCampaignVoucherAsync(PricedBasket priced, User member, Campaign campaign, JsonObject config, Voucher voucher, DateTime now, CancellationToken cancellationToken)
    {
        var lockingCode = Redemption.CreatedUnder(priced.Input.VoucherLockingCode);
        var campaignId = campaign.Id;
        var productCode = voucher.ProductCode;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Vouchers.Where(v => v.UserId == member.Id && v.CampaignId == campaignId && v.ProductCode == productCode && v.DeletedAt == null && v.Status != "redeemed" && v.BasketLockingCode == lockingCode)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeletedAt, now).SetProperty(v => v.Version, v => v.Version + 1), cancellationToken);
        var days = config["voucher_expiry_days"] is JsonValue e && e.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        voucher.ChainId = member.ChainId;
        voucher.UserId = member.Id;
        voucher.CampaignId = campaign.Id;
        voucher.Title = campaign.Title;
        voucher.Text = config["voucher_text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        voucher.CreatedAt = now;
        voucher.ExpiresAt = days is { } expiryDays ? now.AddDays(expiryDays) : null;
        voucher.BasketLockingCode = lockingCode;
        await vouchers.IssueAsync(voucher, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A product campaign's discount on one unit: a fixed amount or a ratio (rounded down), never above the price.</summary>
    private static long ProductDiscount(JsonObject config, long unitPriceCents)
    {
        if (unitPriceCents <= 0)
        {
            return 0;
        }
        if (config["discount_amount"] is JsonValue a && a.TryGetValue<decimal>(out var amount) && amount > 0)
        {
            return Math.Min(unitPriceCents, (long)decimal.Floor(amount * 100m));
        }
        return config["voucher_discount_ratio"] is JsonValue r && r.TryGetValue<decimal>(out var ratio) && ratio > 0
            ? Math.Min(unitPriceCents, (long)decimal.Floor(unitPriceCents * ratio))
            : 0;
    }

    /// <summary>spec regenerated_rewards in get-basket-price: what add-basket would regenerate, without keys yet.</summary>
    private static void AddRegeneratedPreviews(PricedBasket priced, DateTime now)
    {
        foreach (var line in priced.Returns)
        {
            foreach (var refund in line.Refunds)
            {
                var voucher = RegeneratedVoucher(refund, now);
                var applied = new AppliedVoucher(voucher, refund.Campaign) { RegeneratedFrom = new Regenerated(line, refund) };
                priced.Regenerated.Add(applied);
                if (RedeemsAtOnce(priced, voucher))
                {
                    priced.Vouchers.Insert(priced.Vouchers.Count(v => v.RegeneratedFrom is not null), applied);
                }
            }
        }
    }

    /// <summary>spec: a regenerated voucher is redeemed at once on the returning basket's purchases when the chain says so, for its own member.</summary>
    private static bool RedeemsAtOnce(PricedBasket priced, Voucher voucher) =>
        priced.Scope.Chain.RedeemRegeneratedRewards && priced.Lines.Count > 0 && voucher.UserId is not null && voucher.UserId == priced.Scope.Member?.Id;

    private static Voucher RegeneratedVoucher(Refund refund, DateTime now) => ChildVoucher(refund.Voucher, refund.Cents, now);

    /// <summary>A claimed basket voucher for part of <paramref name="parent"/>'s value, for the same member, campaign, wallet and expiry.</summary>
    private static Voucher ChildVoucher(Voucher parent, long cents, DateTime now) => new()
    {
        Key = "",
        ChainId = parent.ChainId,
        UserId = parent.UserId,
        CampaignId = parent.CampaignId,
        Type = VoucherService.Basket,
        Status = "claimed",
        AmountOriginalCents = cents,
        CurrencyId = parent.CurrencyId,
        Title = parent.Title,
        Text = parent.Text,
        Description = parent.Description,
        ImageUrl = parent.ImageUrl,
        CreatedAt = now,
        ExpiresAt = parent.ExpiresAt,
        ParentVoucherId = parent.Id,
        WalletCampaignId = parent.WalletCampaignId,
    };

    // ---------------------------------------------------------------- pricing and earning

    /// <summary>spec 407: a client distribution of a voucher that adds up to more than the voucher is worth.</summary>
    private static ApiFailure? OverDistributed(PricedBasket priced, Voucher v)
    {
        if (v.Type == VoucherService.BasketPct || v.Id == 0)
        {
            return null;
        }
        var given = priced.Lines.SelectMany(l => l.Input.Distribution ?? []).Where(d => d.Voucher.Matches(v)).Sum(d => d.Cents);
        return given > (v.AmountOriginalCents ?? 0) - v.AmountRedeemedCents
            ? new ApiFailure(ErrorCodes.CalculationError, $"basket_voucher_distribution of voucher {v.Key} adds up to more than its amount")
            : null;
    }

    /// <summary>Distributes the basket vouchers over the lines (client distributions win), fills what each redeems.</summary>
    private static void Price(PricedBasket priced)
    {
        var items = priced.Lines.Select(l => new PricedItem(l.NetSubtotalCents, l.Input.Promotional, l.Input.Excluded || l.Input.ItemType != "product")).ToList();
        var toApply = new List<VoucherToApply>(priced.Vouchers.Count);
        foreach (var applied in priced.Vouchers)
        {
            var v = applied.Voucher;
            var config = applied.Campaign is { } c ? CampaignService.Config(c) : null;
            var spendOnPromotions = config?["spend_on_promotional_items"] is not JsonValue promo || promo.GetValueKind() != JsonValueKind.False;
            long? amount = v.Type == VoucherService.BasketPct ? null : (v.AmountOriginalCents ?? 0) - v.AmountRedeemedCents;
            Dictionary<int, long>? client = null;
            for (var i = 0; i < priced.Lines.Count; i++)
            {
                foreach (var part in priced.Lines[i].Input.Distribution ?? [])
                {
                    if (v.Id != 0 && part.Voucher.Matches(v))
                    {
                        client ??= [];
                        client[i] = client.GetValueOrDefault(i) + part.Cents;
                    }
                }
            }
            toApply.Add(new VoucherToApply(amount, v.Type == VoucherService.BasketPct ? v.DiscountRatioMilli : null, spendOnPromotions, client));
        }
        var result = BasketPricing.Price(items, toApply);
        foreach (var line in priced.Lines)
        {
            line.Distribution.Clear();
        }
        for (var k = 0; k < priced.Vouchers.Count; k++)
        {
            var applied = priced.Vouchers[k];
            applied.RedeemedCents = result.Vouchers[k].RedeemedCents;
            for (var i = 0; i < priced.Lines.Count; i++)
            {
                if (result.Vouchers[k].PerItemCents[i] != 0)
                {
                    priced.Lines[i].Distribution.Add((applied, result.Vouchers[k].PerItemCents[i]));
                }
            }
        }
    }

    /// <summary>
    /// spec spend and earn, progress, purchase count: cashback campaigns credit their recipient wallet with
    /// <c>earn_percentage</c> of what the member paid for eligible lines (after basket vouchers), rounded as the
    /// wallet says and split over the lines exactly; progress campaigns move by spend, visits or items.
    /// </summary>
    private static void Earn(PricedBasket priced, DateTime now)
    {
        foreach (var line in priced.Lines)
        {
            line.Earnings.Clear();
        }
        priced.Earned.Clear();
        priced.Progress.Clear();
        if (priced.Scope.Member is null || priced.Lines.Count == 0)
        {
            return;
        }
        var active = priced.Scope.Campaigns.Active;
        foreach (var campaign in active)
        {
            if (campaign.Type is not (CampaignTypes.Cashback or CampaignTypes.Progress or CampaignTypes.PurchaseCount))
            {
                continue;
            }
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !PlatformAllows(config, priced.Input.PlatformType) || !MinimumMet(config, priced.TotalCents))
            {
                continue;
            }
            var countPromotional = config["spend_on_promotional_items"] is not JsonValue promo || promo.GetValueKind() != JsonValueKind.False;
            var weights = priced.Lines.Select(l => l.Earns(countPromotional) ? Math.Max(0, l.AdjustedCents) : 0).ToArray();
            if (campaign.Type == CampaignTypes.Cashback)
            {
                var wallet = config["recipient_campaign_id"] is JsonValue r && r.TryGetValue<int>(out var walletId)
                    ? active.FirstOrDefault(c => c.Id == walletId && CampaignTypes.IsWallet(c.Type))
                    : null;
                if (wallet is null || (wallet.Type == CampaignTypes.Wallet && (wallet.CurrencyId ?? priced.Scope.Chain.CurrencyId) != priced.Scope.Currency.Id))
                {
                    continue;
                }
                var percentage = config["earn_percentage"] is JsonValue p && p.TryGetValue<decimal>(out var pct) ? pct : 0m;
                var settings = WalletSettings.From(CampaignService.Config(wallet));
                var total = Earning.Cashback(priced.EarningBase(weights.Sum()), percentage, settings.RoundingStrategy, settings.RoundingPrecision);
                if (total == 0)
                {
                    continue;
                }
                var earned = new Earned(campaign, wallet, total);
                priced.Earned.Add(earned);
                var parts = Shares.Proportional(total, weights);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (parts[i] != 0)
                    {
                        priced.Lines[i].Earnings.Add((earned, parts[i]));
                    }
                }
            }
            else if (CampaignProgressService.Goal(campaign) is { } goal)
            {
                var delta = goal.Unit switch
                {
                    "spend" => priced.EarningBase(weights.Sum()),
                    "items" => priced.Lines.Where(l => l.Earns(countPromotional)).Sum(l => (long)l.Input.Quantity),
                    _ => 1,
                };
                if (delta > 0)
                {
                    priced.Progress.Add(new ProgressMade(campaign, goal.Unit, delta));
                }
            }
        }
    }

    // ---------------------------------------------------------------- add-basket

    /// <summary>spec add-basket: stores the basket and everything it causes, once.</summary>
    public async Task<Outcome<BasketAnswer>> AddAsync(Caller caller, BasketInput input, CancellationToken cancellationToken)
    {
        // Vouchers another basket took from this one in an earlier attempt (a claim is conditional on the version read).
        var lost = new Dictionary<long, int>();
        for (var attempt = 1; ; attempt++)
        {
            var reads = new FirstReads();
            var prepared = await PrepareAsync(caller, input, confirming: true, reads, cancellationToken);
            if (prepared.Failure is { } failure)
            {
                // A replay whose returns were taken by the basket itself (310) is still a replay.
                return reads.ChainId is { } chainId && await StoredAnswerAsync(chainId, input.RetailerBasketCode, cancellationToken) is { } stored
                    ? Replay(input.RetailerBasketCode, stored)
                    : failure;
            }
            try
            {
                // A voucher lost twice (its version keeps changing under this basket) is given up, with a warning.
                var givenUp = lost.Where(l => l.Value >= 2 || attempt >= 5).Select(l => l.Key).ToHashSet();
                var result = await StoreAsync(prepared.Value!, reads.Vouchers, givenUp, cancellationToken);
                if (result.Lost is { Count: > 0 } lostNow)
                {
                    if (attempt >= 8)
                    {
                        throw new InvalidOperationException($"add-basket {input.RetailerBasketCode}: voucher claims lost in {attempt} attempts");
                    }
                    foreach (var id in lostNow)
                    {
                        lost[id] = lost.GetValueOrDefault(id) + 1;
                    }
                    db.ChangeTracker.Clear();
                    ids.Forget();
                    continue;
                }
                return result.Answer;
            }
            catch (Exception ex) when (attempt < 5 && IsTransient(ex))
            {
                // PostgreSQL chose this transaction as a deadlock victim: nothing of it stayed; do it again.
                logger.LogInformation("add-basket {Code} retried after {Error}", input.RetailerBasketCode, ex.Message);
                db.ChangeTracker.Clear();
                ids.Forget();
            }
        }
    }

    /// <summary>What one attempt to store a basket came to: the answer, or the vouchers whose claims were lost (all rolled back).</summary>
    private readonly record struct Stored(Outcome<BasketAnswer> Answer, IReadOnlyList<long>? Lost = null);

    private static bool IsTransient(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Every voucher the basket names: basket vouchers, honour vouchers and the item vouchers of its lines.</summary>
    private static IEnumerable<VoucherRef> NamedRefs(BasketInput input) =>
        input.BasketVouchers.Concat(input.HonourVouchers).Concat(input.Purchases.SelectMany(i => (i.ItemVouchers ?? []).Select(v => v.Voucher)));

    /// <summary>
    /// Stores the basket in one transaction: claims first (conditional updates; a voucher lost to another basket is
    /// a warning and the basket is priced again without it), then whatever returns, products, progress and rewards
    /// need, then the claims, the basket, its lines, ledger postings and events in one batch. The basket row goes
    /// under its unique (chain, retailer basket code): when the code was stored before (a replay) or meanwhile (a
    /// concurrent replay), the batch fails, everything is rolled back, and the stored answer is given with warning 311.
    /// </summary>
    private async Task<Stored> StoreAsync(PricedBasket priced, IReadOnlyList<Voucher> named, IReadOnlySet<long> lost, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        var scope = priced.Scope;
        var member = scope.Member;
        var chainId = scope.Chain.Id;
        var code = input.RetailerBasketCode;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var basket = new Basket
        {
            Id = await ids.NextAsync("baskets", 1, cancellationToken),
            ChainId = chainId,
            BusinessId = scope.Branch?.Id,
            UserId = member?.Id,
            RetailerBasketCode = code,
            PlatformType = input.PlatformType,
            CurrencyId = scope.Currency.Id,
            TotalCents = input.TotalCents,
            ItemsSubtotalCents = input.ItemsSubtotalCents,
            AdjustedTotalCents = input.TotalCents,
            ShippingCents = input.ShippingCents,
            CountryCode = scope.CountryCode,
            PurchasedAt = input.Timestamp?.UtcDateTime ?? now,
            TimestampIso8601 = BasketView.Timestamp(input.Timestamp),
            TimezoneName = input.TimezoneName ?? "UTC",
            VoucherLockingCode = input.VoucherLockingCode,
            EmployeeCode = input.Entity.EmployeeCode,
            EmployeeName = input.Entity.EmployeeName,
            MemberProgramme = priced.MemberProgramme,
            Notes = input.Notes,
            PaymentsJson = BasketView.PaymentsJson(input),
            TaxesJson = "[]",
            PurchaseItemCount = priced.Lines.Count,
            ReturnItemCount = priced.Returns.Count,
            Response = "",
            CreatedAt = now,
        };
        priced.Stored = basket;

        // Returns take their units for good (310 when another return took them meanwhile).
        foreach (var line in priced.Returns)
        {
            if (!await returns.TakeAsync(line, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                ids.Forget();
                // A concurrent replay of this basket took them: answer as a replay.
                return new Stored(await StoredAnswerAsync(chainId, code, cancellationToken) is { } answer
                    ? Replay(code, answer)
                    : ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
            }
        }
        await RegenerateAsync(priced, now, cancellationToken);
        await RedeemAsync(priced, named, lost, now, cancellationToken);
        await products.SaveAsync(chainId, priced.Lines, now, cancellationToken);

        // The lines, with ids reserved before, so that everything naming them goes in the same batch.
        var position = 0;
        var rows = new List<BasketItem>(priced.Lines.Count + priced.Returns.Count);
        foreach (var line in priced.Lines)
        {
            line.Row = NewItem(basket, line.Input, position++, line.PriceCents, line.SubtotalCents, line.Product?.Id, line.Variant?.Id, member?.Id, null);
            line.Row.VoucherDistribution = LineDistributions.Write(line.Distribution.Select(d => new VoucherPart(d.Voucher.Voucher.Id, d.Cents))
                .Concat(line.ItemVouchers.Select(v => new VoucherPart(v.Voucher.Id, v.RedeemedCents))).ToList());
            line.Row.ProgressDistribution = LineDistributions.Write(line.Earnings.Select(e => new EarnedPart(e.Earned.Wallet.Id, e.Earned.Contributing.Id, e.Cents)).ToList());
            rows.Add(line.Row);
        }
        foreach (var line in priced.Returns)
        {
            var item = line.Input;
            var units = line.Quantity;
            line.Row = NewItem(basket, item, position++, line.ReturnPriceCents, item?.SubtotalCents ?? line.ReturnPriceCents * units, line.Original.ProductId, line.Original.ProductVariantId, member?.Id, line);
            rows.Add(line.Row);
        }
        foreach (var row in rows)
        {
            row.Id = await ids.NextAsync(RowIds.Lines, rows.Count + input.Taxes.Count, cancellationToken);
        }
        // Tax lines are parts of the basket's row as its lines are, and take their ids from the same series.
        priced.TaxIds.Clear();
        foreach (var _ in input.Taxes)
        {
            priced.TaxIds.Add(await ids.NextAsync(RowIds.Lines, input.Taxes.Count, cancellationToken));
        }
        basket.TaxesJson = BasketView.TaxesJson(priced);

        // What the basket earns, and what its returns take back.
        var postings = new SqlBatch(db);
        foreach (var earned in priced.Earned)
        {
            await PostAsync(priced, postings, member!.Id, earned.Wallet, earned.TotalCents, earned.Contributing.Id, "basket", now, cancellationToken);
        }
        await ReturnAsync(priced, postings, basket.Id, now, cancellationToken);
        if (member is not null)
        {
            foreach (var made in priced.Progress)
            {
                await progress.AddAsync(member, made.Campaign, made.Delta, suppressNotification: false, cancellationToken);
            }
            if (priced.Lines.Count > 0)
            {
                await rewards.OnPurchaseAsync(member, cancellationToken);
            }
        }
        priced.Events.Add(Outbox.Create(chainId, BasketAdded, new JsonObject
        {
            ["basket_id"] = basket.Id,
            ["retailer_basket_code"] = code,
            ["user_id"] = member?.Id,
            ["business_id"] = scope.Branch?.Id,
            ["total_value"] = Cents.ToDecimal(input.TotalCents),
            ["currency_id"] = scope.Currency.Id,
            ["send_email_receipt"] = input.Shopper?.SendEmailReceipt,
        }, now));

        basket.AdjustedTotalCents = priced.AdjustedTotalCents;
        var lines = BasketLines.Write(rows);
        var response = BasketView.StoredResults(priced, basket, now);

        // Anything the steps above left on the change tracker first, then the basket and what names it, in one batch.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        var write = new SqlBatch(db);
        var claims = AddClaims(write, priced, now);
        BasketRows.AddBasket(write, basket, response, lines);
        write.Append(postings);
        BasketRows.AddEvents(write, priced.Events);
        BasketRows.AddCodes(write, chainId, basket.Id, input.SupplementaryCodes);
        // The loyalty programme judges the balance the postings make, so it runs after them in this transaction. When
        // it has nothing to judge, nothing follows the batch, and on PostgreSQL the batch ends with the COMMIT: one
        // round trip fewer. A statement that fails skips the rest of the batch, the COMMIT with it.
        var evaluates = member is not null && await loyalty.EvaluatesAsync(member, cancellationToken);
        var commitsInBatch = write.IsPostgres && !evaluates;
        if (commitsInBatch)
        {
            write.Add("COMMIT");
        }
        int[] affected;
        try
        {
            affected = await write.ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (BasketRows.IsDuplicateBasket(ex))
        {
            // This code was stored before, or meanwhile (the INSERT waited for that to commit): its answer stands.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            ids.Forget();
            return new Stored(Replay(code, (await StoredAnswerAsync(chainId, code, cancellationToken))!));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero && write.FailedStatement is { } failed && failed < claims.Count)
        {
            // Another basket redeemed (or changed) this voucher since it was read (see AddClaims): nothing of this attempt stays.
            await transaction.RollbackAsync(cancellationToken);
            return new Stored(default, [claims[failed].Voucher.Id]);
        }
        if (!write.IsPostgres && claims.Where((_, i) => affected[i] != 1).Select(c => c.Voucher.Id).ToList() is { Count: > 0 } lostNow)
        {
            // SQLite: as above, from the claims that changed no row.
            await transaction.RollbackAsync(cancellationToken);
            return new Stored(default, lostNow);
        }
        // When the batch committed, disposing the transaction sends nothing more.
        if (!commitsInBatch)
        {
            if (evaluates)
            {
                await loyalty.EvaluateAsync(member!, cancellationToken);
            }
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new Stored(new BasketAnswer(response, priced.Warnings));
    }

    private static BasketItem NewItem(Basket basket, ItemInput? item, int position, long priceCents, long subtotalCents, int? productId, int? variantId, int? userId, ReturnLine? returned) => new()
    {
        BasketId = basket.Id,
        ChainId = basket.ChainId,
        UserId = userId,
        Position = position,
        ItemBarcode = item?.Barcode ?? returned?.Original.ItemBarcode,
        RetailerProductCode = item?.RetailerProductCode ?? returned?.Original.RetailerProductCode,
        RetailerItemCode = item?.RetailerItemCode,
        ProductId = productId,
        ProductVariantId = variantId,
        ProductName = item?.ProductName ?? returned?.Original.ProductName,
        ItemType = item?.ItemType ?? returned?.Original.ItemType ?? "product",
        Quantity = returned?.Quantity ?? item!.Quantity,
        PriceCents = priceCents,
        SubtotalCents = subtotalCents,
        Promotional = item?.Promotional ?? returned!.Original.Promotional,
        Excluded = item?.Excluded ?? returned!.Original.Excluded,
        IsReturn = returned is not null,
        OriginalItemId = returned?.Original.Id,
        PurchasedAt = basket.PurchasedAt,
    };

    /// <summary>
    /// Adds to <paramref name="postings"/> a wallet posting of the basket (a credit it earned, or a reclaim of its
    /// returns, which may take the balance below zero: the credit may have been spent) and its points-mutation event.
    /// </summary>
    private async Task<LedgerEntry> PostAsync(PricedBasket priced, SqlBatch postings, int userId, Campaign wallet, long cents, int? contributingId, string message, DateTime now, CancellationToken cancellationToken)
    {
        var basket = priced.Stored!;
        var entry = LedgerService.AddUnrefusable(postings, new Posting(userId, wallet, cents, LedgerKinds.CampaignContribution, ContributingCampaignId: contributingId,
            LogMessage: message, BasketId: basket.Id, RetailerBasketCode: basket.RetailerBasketCode, AllowNegativeBalance: cents < 0),
            await ids.NextAsync("ledger_entries", 1, cancellationToken), now);
        priced.Events.Add(Outbox.Create(basket.ChainId, PointsMutation, new JsonObject
        {
            ["amount"] = Cents.Format(cents),
            ["earn_or_spend"] = cents >= 0 ? "earn" : "spend",
            ["user_id"] = userId,
            ["campaign_id"] = wallet.Id,
            ["campaign_type"] = wallet.Type,
            ["contributing_campaign_id"] = contributingId,
            ["basket_id"] = basket.Id,
            ["retailer_basket_code"] = basket.RetailerBasketCode,
            ["ledger_entry_id"] = entry.Id,
        }, entry.CreatedAt));
        return entry;
    }

    /// <summary>
    /// spec regenerated_rewards: every voucher value refunded by a returned line becomes a new claimed voucher of
    /// the same campaign and member, with the original as its parent; redeemed at once when the chain says so.
    /// </summary>
    private async Task RegenerateAsync(PricedBasket priced, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var line in priced.Returns)
        {
            foreach (var refund in line.Refunds)
            {
                var voucher = await vouchers.IssueAsync(RegeneratedVoucher(refund, now), cancellationToken);
                // Written: from here it changes only by the basket's own statements (its claim), not by SaveChanges.
                db.Entry(voucher).State = EntityState.Detached;
                var applied = new AppliedVoucher(voucher, refund.Campaign) { RegeneratedFrom = new Regenerated(line, refund) };
                priced.Regenerated.Add(applied);
                if (RedeemsAtOnce(priced, voucher))
                {
                    priced.Vouchers.Add(applied);
                }
            }
        }
    }

    /// <summary>
    /// spec basket_vouchers and honour_vouchers: each named voucher that is the member's (or nobody's), claimed,
    /// unexpired and not locked to other codes is redeemed; any other is a warning, never an error, because the
    /// basket was paid. A voucher <paramref name="lost"/> to other baskets in earlier attempts is a warning too.
    /// Nothing is written here: the claims go first in the basket's batch (<see cref="AddClaims"/>).
    /// </summary>
    private async Task RedeemAsync(PricedBasket priced, IReadOnlyList<Voucher> found, IReadOnlySet<long> lost, DateTime now, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        await RedeemItemVouchersAsync(priced, found, lost, now, cancellationToken);
        var refs = input.BasketVouchers.Select(r => (Ref: r, Honour: false)).Concat(input.HonourVouchers.Select(r => (Ref: r, Honour: true))).ToList();
        var seen = new HashSet<long>();
        foreach (var (reference, honour) in refs)
        {
            var voucher = found.FirstOrDefault(reference.Matches);
            var name = reference.Key ?? reference.Id?.ToString(CultureInfo.InvariantCulture);
            if (voucher is null || (voucher.UserId is not null && voucher.UserId != priced.Scope.Member?.Id))
            {
                priced.Warnings.Add(new ApiWarning(ErrorCodes.VoucherNotFound, $"voucher {name} is not a voucher of this member and was not redeemed"));
                continue;
            }
            if (!seen.Add(voucher.Id))
            {
                continue;
            }
            if (lost.Contains(voucher.Id))
            {
                priced.Warnings.Add(new ApiWarning(ErrorCodes.VoucherStatusRedeemed, $"voucher {voucher.Key} was redeemed by another basket meanwhile"));
                continue;
            }
            var state = new RedeemableVoucher(VoucherService.Status(voucher.Status), voucher.ExpiresAt, voucher.LockedUntil, voucher.LockingCode, voucher.RetailerBasketCodeExclusive);
            var refusal = Redemption.Check(state, input.VoucherLockingCode, input.RetailerBasketCode, now);
            if (refusal != RedemptionRefusal.None)
            {
                priced.Warnings.Add(new ApiWarning(Code(refusal), $"voucher {name} was not redeemed"));
                continue;
            }
            var isHonour = honour || voucher.Type == VoucherService.Honour;
            if (!isHonour && (!VoucherTypes.Contains(voucher.Type) || (voucher.CurrencyId is { } currency && currency != priced.Scope.Currency.Id) || priced.Lines.Count == 0))
            {
                priced.Warnings.Add(new ApiWarning(ErrorCodes.InvalidVoucherStatus, $"voucher {name} cannot be redeemed on this basket (type, currency or no purchases)"));
                continue;
            }
            if (!isHonour && OverDistributed(priced, voucher) is { } over)
            {
                // The basket was paid: a distribution larger than the voucher is a warning, and the voucher is not redeemed.
                priced.Warnings.Add(new ApiWarning(over.Error, over.Message));
                continue;
            }
            var applied = new AppliedVoucher(voucher, await CampaignAsync(priced, voucher.CampaignId, cancellationToken));
            (isHonour ? priced.Honour : priced.Vouchers).Add(applied);
        }

        Price(priced);
        priced.Vouchers.RemoveAll(v => v.RedeemedCents == 0);
        Earn(priced, now);
        // Redeemed as the batch will claim them: the answer shows them so, and what a voucher leaves is kept.
        foreach (var applied in priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)))
        {
            applied.ReadVersion = applied.Voucher.Version;
            applied.Claimed = true;
            applied.ClaimedCents = applied.RedeemedCents;
            var v = applied.Voucher;
            v.Status = "redeemed";
            v.AmountRedeemedCents += applied.RedeemedCents;
            v.RedeemingBasketId = priced.Stored!.Id;
            v.RedeemedAt = now;
            v.Version++;
        }
        foreach (var applied in priced.Vouchers)
        {
            await KeepRemainderAsync(applied, now, cancellationToken);
        }
    }

    /// <summary>
    /// spec item_vouchers in add-basket: each named product voucher of the member, for this line's product, is
    /// redeemed for its per-unit amount times the line's units (never more than it has left or the line is worth);
    /// one that cannot be is a warning like a basket voucher.
    /// </summary>
    private async Task RedeemItemVouchersAsync(PricedBasket priced, IReadOnlyList<Voucher> found, IReadOnlySet<long> lost, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var line in priced.Lines)
        {
            foreach (var item in line.Input.ItemVouchers ?? [])
            {
                var voucher = found.FirstOrDefault(item.Voucher.Matches);
                var name = item.Voucher.Key ?? item.Voucher.Id?.ToString(CultureInfo.InvariantCulture);
                if (voucher is null || voucher.Type != VoucherService.VarPrice || (voucher.UserId is not null && voucher.UserId != priced.Scope.Member?.Id))
                {
                    priced.Warnings.Add(new ApiWarning(ErrorCodes.VoucherNotFound, $"item voucher {name} is not a product voucher of this member and was not redeemed"));
                    continue;
                }
                if (lost.Contains(voucher.Id) || priced.Lines.Any(l => l.ItemVouchers.Any(v => v.Voucher.Id == voucher.Id)))
                {
                    priced.Warnings.Add(new ApiWarning(ErrorCodes.VoucherStatusRedeemed, $"item voucher {name} was redeemed by another basket meanwhile"));
                    continue;
                }
                var state = new RedeemableVoucher(VoucherService.Status(voucher.Status), voucher.ExpiresAt, voucher.LockedUntil, voucher.LockingCode, voucher.RetailerBasketCodeExclusive);
                var refusal = Redemption.Check(state, priced.Input.VoucherLockingCode, priced.Input.RetailerBasketCode, now);
                if (refusal != RedemptionRefusal.None)
                {
                    priced.Warnings.Add(new ApiWarning(Code(refusal), $"item voucher {name} was not redeemed"));
                    continue;
                }
                var left = (voucher.AmountOriginalCents ?? 0) - voucher.AmountRedeemedCents;
                var wanted = item.PerUnitCents is { } perUnit ? perUnit * line.Input.Quantity : left;
                var cents = Math.Min(Math.Min(wanted, left), line.NetSubtotalCents);
                if (cents <= 0)
                {
                    continue;
                }
                line.ItemVouchers.Add(new AppliedVoucher(voucher, await CampaignAsync(priced, voucher.CampaignId, cancellationToken)) { RedeemedCents = cents });
            }
        }
    }

    private const string Claim = """
        UPDATE vouchers SET status = 'redeemed', amount_redeemed_cents = amount_redeemed_cents + $1, redeeming_basket_id = $2, redeemed_at = $3, version = $4
        WHERE id = $5 AND version = $6 AND status = 'claimed' AND deleted_at IS NULL
        """;

    /// <summary>
    /// PostgreSQL: the claim, failing with division by zero (22012) when it changed no row, because the batch may end
    /// with its COMMIT: a lost claim has to stop the batch there, not only report that it changed nothing.
    /// </summary>
    private const string ClaimOrFail = $"""
        WITH claimed AS ({Claim} RETURNING 1)
        SELECT 1 / count(*) FROM claimed
        """;

    /// <summary>
    /// Adds the claims of every voucher the basket redeems to <paramref name="batch"/> (first, so that a lost one
    /// wastes nothing after it): an UPDATE conditional on the version read and on the voucher still being claimed,
    /// so a voucher named by racing baskets goes to one of them only. The claimed vouchers, in statement order.
    /// </summary>
    private static List<AppliedVoucher> AddClaims(SqlBatch batch, PricedBasket priced, DateTime now)
    {
        var claims = priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)).Where(a => a.Claimed).ToList();
        foreach (var applied in claims)
        {
            batch.Add(batch.IsPostgres ? ClaimOrFail : Claim, applied.ClaimedCents, priced.Stored!.Id, now, applied.ReadVersion + 1, applied.Voucher.Id, applied.ReadVersion);
        }
        return claims;
    }

    /// <summary>
    /// spec: "any remaining value will be returned to the customer": what a basket voucher could not redeem goes
    /// back to its wallet, or, for a voucher not paid from a wallet, stays with the member as a new voucher.
    /// </summary>
    private async Task KeepRemainderAsync(AppliedVoucher applied, DateTime now, CancellationToken cancellationToken)
    {
        var v = applied.Voucher;
        if (v.Type != VoucherService.Basket || v.AmountOriginalCents is not { } original || v.UserId is not { } userId)
        {
            return;
        }
        var remaining = original - v.AmountRedeemedCents;
        if (remaining <= 0)
        {
            return;
        }
        // The voucher is redeemed now, so it can never be deleted (and its remainder given back) a second time.
        if (v.WalletCampaignId is { } walletId)
        {
            var wallet = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == walletId, cancellationToken);
            await ledger.PostAsync(new Posting(userId, wallet, remaining, LedgerKinds.VoucherRedemption,
                LogMessage: $"voucher {v.Id.ToString(CultureInfo.InvariantCulture)} partly redeemed", BasketId: v.RedeemingBasketId), null, cancellationToken);
            return;
        }
        await vouchers.IssueAsync(ChildVoucher(v, remaining, now), cancellationToken);
    }

    private static ApiError Code(RedemptionRefusal refusal) => refusal switch
    {
        RedemptionRefusal.AlreadyRedeemed => ErrorCodes.VoucherStatusRedeemed,
        RedemptionRefusal.NotClaimed => ErrorCodes.InvalidVoucherStatus,
        RedemptionRefusal.Expired => ErrorCodes.VoucherExpired,
        RedemptionRefusal.LockedToAnotherCode => ErrorCodes.VoucherLocked,
        _ => ErrorCodes.VoucherNotFound,
    };

    /// <summary>
    /// The returns of this basket: return transactions per original basket, returned items, and the reclaims of
    /// what the returned units earned, taken from the original buyer's wallets (member B may return member A's
    /// item: A's ledger is reversed). A reclaim may take a balance below zero: the credit may have been spent.
    /// </summary>
    private async Task ReturnAsync(PricedBasket priced, SqlBatch postings, long? returningBasketId, DateTime now, CancellationToken cancellationToken)
    {
        if (priced.Returns.Count == 0)
        {
            return;
        }
        foreach (var group in priced.Returns.GroupBy(r => r.OriginalBasket.Id))
        {
            var transaction = new ReturnTransaction { ChainId = priced.Scope.Chain.Id, OriginalBasketId = group.Key, ReturningBasketId = returningBasketId, CreatedAt = now };
            db.ReturnTransactions.Add(transaction);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var line in group)
            {
                line.Transaction = transaction;
                line.Returned = new ReturnedItem
                {
                    ReturnTransactionId = transaction.Id,
                    OriginalItemId = line.Original.Id,
                    ReturnItemId = line.Row?.Id,
                    Quantity = line.Quantity,
                    ReturnPriceCents = line.ReturnPriceCents,
                    SalePriceCents = line.Original.PriceCents,
                    OwnerCode = line.Original.RetailerItemCode,
                };
                db.ReturnedItems.Add(line.Returned);
                foreach (var reclaim in line.Reclaims)
                {
                    reclaim.Entry = await PostAsync(priced, postings, reclaim.UserId, reclaim.Wallet, reclaim.Cents, reclaim.Earned.ContributingCampaignId, "return", now, cancellationToken);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string?> StoredAnswerAsync(int chainId, string code, CancellationToken cancellationToken)
    {
        string? stored = null;
        await new SqlBatch(db).Query("SELECT response FROM baskets WHERE chain_id = $1 AND retailer_basket_code = $2", r => stored = r.GetString(0), chainId, code)
            .ReadAsync(cancellationToken);
        return stored;
    }

    private static BasketAnswer Replay(string code, string stored) =>
        new(stored, [new ApiWarning(ErrorCodes.BasketAlreadyExists, $"a basket with retailer_basket_code {code} was already stored; nothing was credited again")]);

    // ---------------------------------------------------------------- standalone return

    /// <summary>
    /// spec return (standalone): returns lines of one original basket by owner code or barcode, with the same
    /// reversals as an inline return; idempotent on return_owner_code per chain (warning 311 on a repeat).
    /// </summary>
    public async Task<Outcome<BasketAnswer>> ReturnStandaloneAsync(Caller caller, StandaloneReturn input, CancellationToken cancellationToken)
    {
        if ((caller.Require(CallerKind.Admin, CallerKind.Privileged) ?? caller.CheckPrivilegedApp()) is { } denied)
        {
            return denied;
        }
        var chain = await scopes.ChainAsync(caller, input.Entity, cancellationToken);
        if (chain.Failure is { } refused)
        {
            return refused;
        }
        var chainId = chain.Value.ChainId;
        if (input.ReturnOwnerCode is { } ownerCode
            && await db.ReturnTransactions.AsNoTracking().Where(t => t.ChainId == chainId && t.ReturnOwnerCode == ownerCode).Select(t => t.Response).FirstOrDefaultAsync(cancellationToken) is { } earlier)
        {
            return new BasketAnswer(earlier ?? "{}", [new ApiWarning(ErrorCodes.BasketAlreadyExists, $"return {ownerCode} was already registered")]);
        }
        var requests = input.Items.Select(i => new ReturnRequest(null, input.OriginalBasketCode, input.OriginalBasketId, null, i.OwnerCode, i.Barcode, null, i.Quantity, null)).ToList();
        var planned = await returns.PlanAsync(chainId, null, requests, cancellationToken);
        if (planned.Failure is { } failure)
        {
            return failure;
        }
        var lines = planned.Value!;
        var original = lines[0].OriginalBasket;
        if (lines.Any(l => l.OriginalBasket.Id != original.Id))
        {
            return ErrorCodes.OriginalBasketItemNotFound;
        }
        var campaigns = await scopes.ResolveChainCampaignsAsync(chainId, cancellationToken);
        var priced = new PricedBasket(EmptyInput(input, original), new BasketScope(campaigns, null, null, Currencies.FindById(original.CurrencyId)!, null, [])) { Returns = lines, Stored = original };
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var line in lines)
        {
            if (!await returns.TakeAsync(line, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return ErrorCodes.ReturnQuantityExceedsOriginalQuantity;
            }
        }
        await RegenerateAsync(priced, now, cancellationToken);
        var postings = new SqlBatch(db);
        await ReturnAsync(priced, postings, null, now, cancellationToken);
        var returned = lines[0].Transaction!;
        returned.ReturnOwnerCode = input.ReturnOwnerCode;
        returned.Note = input.Note;
        returned.Response = BasketView.StandaloneReturnResults(priced, returned, original, lines, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (input.ReturnOwnerCode is not null)
        {
            // The same return_owner_code registered by a concurrent call: its answer stands, this one did nothing.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            ids.Forget();
            return await ReturnStandaloneAsync(caller, input, cancellationToken);
        }
        var write = new SqlBatch(db).Append(postings);
        BasketRows.AddEvents(write, priced.Events);
        await write.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BasketAnswer(returned.Response, []);
    }

    private static BasketInput EmptyInput(StandaloneReturn input, Basket original) => new(
        input.Entity, null, original.PlatformType, original.RetailerBasketCode, null, [], null, 0, 0, input.Note, null, null, null, original.CurrencyId, null,
        [], [], false, [], [], [], []);
}

public sealed record StandaloneReturnItem(string? OwnerCode, string? Barcode, int Quantity);

public sealed record StandaloneReturn(EntityInput Entity, string? ReturnOwnerCode, long? OriginalBasketId, string? OriginalBasketCode, string? Note, IReadOnlyList<StandaloneReturnItem> Items);
