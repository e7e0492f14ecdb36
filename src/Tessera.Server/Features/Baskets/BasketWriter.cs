using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Receipts;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>What one attempt to store a basket came to: the answer, or the vouchers whose claims were lost (all rolled back).</summary>
public readonly record struct StoreAttempt(Outcome<BasketAnswer> Answer, IReadOnlyList<long>? Lost = null);

/// <summary>
/// add-basket's store, step by step, in one transaction: the basket row, the returned units taken, regenerated
/// vouchers, redemptions, products, the lines' rows, ledger postings, progress and rewards, and last the batch that
/// claims the vouchers and inserts the basket under its unique (chain, retailer basket code). Inline and standalone
/// returns share their return steps (<see cref="ReturnWriter"/>).
/// </summary>
public sealed class BasketWriter(
    TesseraDbContext db,
    ReturnPlanner returns,
    ProductCatalogue products,
    BasketRedemptions redemptions,
    ReturnWriter returnWriter,
    CampaignProgressService progress,
    CampaignRewards rewards,
    LoyaltyService loyalty,
    EventWriter events,
    ReceiptEvent receipts,
    RowIds ids,
    TimeProvider clock)
{
    /// <summary>
    /// Stores the basket in one transaction: claims first (conditional updates; a voucher lost to another basket is
    /// a warning and the basket is priced again without it), then whatever returns, products, progress and rewards
    /// need, then the claims, the basket, its lines, ledger postings and events in one batch. The basket row goes
    /// under its unique (chain, retailer basket code): when the code was stored before (a replay) or meanwhile (a
    /// concurrent replay), the batch fails, everything is rolled back, and the stored answer is given with warning 311.
    /// </summary>
    public async Task<StoreAttempt> StoreAsync(PricedBasket priced, IReadOnlyList<Voucher> named, IReadOnlySet<long> lost, CancellationToken cancellationToken)
    {
        var chainId = priced.Scope.Chain.Id;
        var code = priced.Input.RetailerBasketCode;
        var now = clock.GetUtcNow().UtcDateTime;
        await receipts.PrepareAsync(priced, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var basket = await NewBasketAsync(priced, now, cancellationToken);
        priced.Stored = basket;
        events.Storing(basket);

        // Returns take their units for good (310 when another return took them meanwhile).
        if (!await TakeReturnsAsync(priced, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            ids.Forget();
            // A concurrent replay of this basket took them: answer as a replay.
            return new StoreAttempt(await StoredAnswerAsync(chainId, code, cancellationToken) is { } answer
                ? Replay(code, answer)
                : ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
        }
        await returnWriter.RegenerateAsync(priced, now, cancellationToken);
        await redemptions.RedeemAsync(priced, named, lost, now, cancellationToken);
        await products.SaveAsync(chainId, priced.Lines, now, cancellationToken);
        var rows = await AddRowsAsync(priced, basket, cancellationToken);
        var postings = await PostEarningsAsync(priced, basket, now, cancellationToken);
        return await WriteAsync(priced, basket, rows, postings, transaction, now, cancellationToken);
    }

    /// <summary>The basket's row, its id reserved; written last, by <see cref="WriteAsync"/>.</summary>
    private async Task<Basket> NewBasketAsync(PricedBasket priced, DateTime now, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        var scope = priced.Scope;
        return new Basket
        {
            Id = await ids.NextAsync("baskets", 1, cancellationToken),
            ChainId = scope.Chain.Id,
            BusinessId = scope.Branch?.Id,
            UserId = scope.Member?.Id,
            RetailerBasketCode = input.RetailerBasketCode,
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
    }

    /// <summary>Takes the returned units of every return line; false when one was taken by another return meanwhile.</summary>
    private async Task<bool> TakeReturnsAsync(PricedBasket priced, CancellationToken cancellationToken)
    {
        foreach (var line in priced.Returns)
        {
            if (!await returns.TakeAsync(line, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The rows of the purchase and return lines, with ids reserved before, so that everything naming them goes in
    /// the same batch; then the ids of the tax lines, which are parts of the basket's row as its lines are.
    /// </summary>
    private async Task<List<BasketItem>> AddRowsAsync(PricedBasket priced, Basket basket, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        var member = priced.Scope.Member;
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
            line.Row = NewItem(basket, item, position++, line.ReturnPriceCents, item?.SubtotalCents ?? Quantities.Cents(line.ReturnPriceCents, units), line.Original.ProductId, line.Original.ProductVariantId, member?.Id, line);
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
        return rows;
    }

    /// <summary>What the basket earns, and what its returns take back; the progress and rewards of its member.</summary>
    private async Task<SqlBatch> PostEarningsAsync(PricedBasket priced, Basket basket, DateTime now, CancellationToken cancellationToken)
    {
        var member = priced.Scope.Member;
        var postings = new SqlBatch(db);
        foreach (var earned in priced.Earned)
        {
            await BasketPostings.PostAsync(ids, events, priced, postings, member!.Id, earned.Wallet, earned.TotalCents, earned.Contributing.Id, "basket", null, now, cancellationToken);
        }
        await returnWriter.ReturnAsync(priced, postings, basket.Id, now, cancellationToken);
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
        return postings;
    }

    /// <summary>
    /// Anything the steps before left on the change tracker, then the claims, the basket and what names it in one
    /// batch, then the loyalty programme's judgement and the commit (in the batch itself when nothing follows it).
    /// </summary>
    private async Task<StoreAttempt> WriteAsync(PricedBasket priced, Basket basket, List<BasketItem> rows, SqlBatch postings, IDbContextTransaction transaction, DateTime now, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        var member = priced.Scope.Member;
        var chainId = basket.ChainId;
        var code = basket.RetailerBasketCode;
        basket.AdjustedTotalCents = priced.AdjustedTotalCents;
        var lines = BasketLines.Write(rows);
        var response = BasketView.StoredResults(priced, basket, now);

        // Anything the steps above left on the change tracker first, then the basket and what names it, in one batch.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        var write = new SqlBatch(db);
        var claims = BasketSql.AddClaims(write, priced, now);
        BasketSql.AddBasket(write, basket, response, lines);
        write.Append(postings);
        BasketSql.AddEvents(write, priced.Events);
        await receipts.AddAsync(write, priced, basket, rows, now, cancellationToken);
        BasketSql.AddCodes(write, chainId, basket.Id, input.SupplementaryCodes);
        // The loyalty programme judges the balance the postings make, after them; when it has nothing to judge, the
        // batch ends with the COMMIT on PostgreSQL. See docs/adr/0008-add-basket-writes-in-one-batch-ending-with-commit.md.
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
        catch (Exception ex) when (BasketSql.IsDuplicateBasket(ex))
        {
            // This code was stored before, or meanwhile (the INSERT waited for that to commit): its answer stands.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            ids.Forget();
            return new StoreAttempt(Replay(code, (await StoredAnswerAsync(chainId, code, cancellationToken))!));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero && write.FailedStatement is { } failed && failed < claims.Count)
        {
            // Another basket redeemed (or changed) this voucher since it was read (see BasketSql.AddClaims): nothing of this attempt stays.
            await transaction.RollbackAsync(cancellationToken);
            return new StoreAttempt(default, [claims[failed].Voucher.Id]);
        }
        if (!write.IsPostgres && claims.Where((_, i) => affected[i] != 1).Select(c => c.Voucher.Id).ToList() is { Count: > 0 } lostNow)
        {
            // SQLite: as above, from the claims that changed no row.
            await transaction.RollbackAsync(cancellationToken);
            return new StoreAttempt(default, lostNow);
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
        return new StoreAttempt(new BasketAnswer(response, priced.Warnings));
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

    public async Task<string?> StoredAnswerAsync(int chainId, string code, CancellationToken cancellationToken)
    {
        string? stored = null;
        await BasketSql.AddStoredAnswer(new SqlBatch(db), chainId, code, r => stored = r.GetString(0)).ReadAsync(cancellationToken);
        return stored;
    }

    public static BasketAnswer Replay(string code, string stored) =>
        new(stored, [ApiWarning.About(ErrorCodes.BasketAlreadyExists, "retailer_basket_code", code, $"a basket with retailer_basket_code {code} was already stored; nothing was credited again")]) { Replayed = true };
}
