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
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

using Tessera.Server.Features.Telemetry;

namespace Tessera.Server.Features.Baskets;

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
    BasketWriter writer,
    CampaignVoucherIssuer campaignVouchers,
    RowIds ids,
    TimeProvider clock,
    TesseraMetrics metrics,
    ILogger<BasketService> logger)
{
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
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
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
            MemberSql.AddFind(read, chainId, shopper, m => found = m);
        }
        if (confirming)
        {
            var refs = NamedRefs(input).ToList();
            VoucherSql.AddNamed(read, chainId, refs.Select(r => r.Key?.ToLowerInvariant()).OfType<string>().Distinct().ToList(),
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
                VoucherSql.AddClaimedLockingAhead(read, chainId, memberOfPrice, now, scope.Value.Currency.Id, input.VoucherLockingCode,
                    input.RetailerBasketCode, reads.Lock, reads.Vouchers, reads.LockedAhead);
            }
            else
            {
                VoucherSql.AddClaimedOfMember(read, chainId, memberOfPrice, now, reads.Vouchers);
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
                usable = await VoucherSql.ClaimedAsync(db, member.ChainId, member.Id, now, cancellationToken);
            }
            if (priced.Scope.Campaigns.Active.Any(c => c.Type is CampaignTypes.Basket or CampaignTypes.Product))
            {
                // Basket and product campaigns create (and replace) the member's vouchers first: read them again after.
                await campaignVouchers.IssueAsync(priced, member, now, cancellationToken);
                usable = await VoucherSql.ClaimedAsync(db, member.ChainId, member.Id, now, cancellationToken);
            }
            BasketRedemptions.ApplyClaimed(priced, usable, now);
        }
        BasketPricer.AddRegeneratedPreviews(priced, now);
        if (priced.Vouchers.Select(v => BasketPricer.OverDistributed(priced, v.Voucher)).FirstOrDefault(f => f is not null) is { } invalid)
        {
            // Nothing priced, nothing locked: the locks taken ahead go back as they were.
            var putBack = new SqlBatch(db) { CommitWithoutWaitingForDisk = true };
            VoucherSql.AddPutBack(putBack, reads.LockedAhead);
            await putBack.ExecuteAsync(cancellationToken);
            return invalid;
        }
        BasketPricer.Price(priced);
        priced.Vouchers.RemoveAll(v => v.RedeemedCents == 0 && v.RegeneratedFrom is null);
        BasketPricer.Earn(priced, now);

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
            VoucherSql.AddLock(locks, v, until, lockingCode, exclusiveCode);
            locking.Add(v);
        }
        // Locked ahead and not applied after all: their locks go back as they were, in the same round trip.
        VoucherSql.AddPutBack(locks, lockedAhead.Values);
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
                return reads.ChainId is { } chainId && await writer.StoredAnswerAsync(chainId, input.RetailerBasketCode, cancellationToken) is { } stored
                    ? BasketWriter.Replay(input.RetailerBasketCode, stored)
                    : failure;
            }
            try
            {
                // A voucher lost twice (its version keeps changing under this basket) is given up, with a warning.
                var givenUp = lost.Where(l => l.Value >= 2 || attempt >= 5).Select(l => l.Key).ToHashSet();
                var result = await writer.StoreAsync(prepared.Value!, reads.Vouchers, givenUp, cancellationToken);
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
                if (result.Answer.Value is { Replayed: false })
                {
                    metrics.BasketStored(prepared.Value!);
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

    private static bool IsTransient(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Every voucher the basket names: basket vouchers, honour vouchers and the item vouchers of its lines.</summary>
    private static IEnumerable<VoucherRef> NamedRefs(BasketInput input) =>
        input.BasketVouchers.Concat(input.HonourVouchers).Concat(input.Purchases.SelectMany(i => (i.ItemVouchers ?? []).Select(v => v.Voucher)));

}
