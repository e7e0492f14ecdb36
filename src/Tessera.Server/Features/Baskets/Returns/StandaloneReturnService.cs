using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Receipts;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>
/// spec return (standalone): returns lines of one original basket outside any basket, with the same reversals as
/// an inline return (<see cref="ReturnWriter.ReturnAsync"/>), in one transaction; it is its own receipt
/// (<see cref="ReturnReceipts"/>), whose webhook event that transaction writes.
/// </summary>
public sealed class StandaloneReturnService(
    TesseraDbContext db,
    BasketScopes scopes,
    ReturnPlanner returns,
    ReturnWriter writer,
    RowIds ids,
    ReceiptEvent receipts,
    TimeProvider clock)
{
    /// <summary>
    /// spec return (standalone): returns lines of one original basket by owner code or barcode, with the same
    /// reversals as an inline return; idempotent on return_owner_code per chain (warning 311 on a repeat).
    /// </summary>
    public async Task<Outcome<BasketAnswer>> ReturnStandaloneAsync(Caller caller, StandaloneReturn input, CancellationToken cancellationToken)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return denied;
        }
        var chain = await scopes.ChainAsync(caller, input.Entity, cancellationToken);
        if (chain.Failure is { } refused)
        {
            return refused;
        }
        var chainId = chain.Value.ChainId;
        if (await ReplayAsync(chainId, input, cancellationToken) is { } replayed)
        {
            return replayed;
        }
        var requests = input.Items.Select(i => new ReturnRequest(null, input.OriginalBasketCode, input.OriginalBasketId, null, i.OwnerCode, i.Barcode, null, i.Quantity, null)).ToList();
        var planned = await returns.PlanAsync(chainId, null, requests, cancellationToken);
        if (planned.Failure is { } failure)
        {
            // The units may be gone because a concurrent call registered this very return meanwhile: its answer stands.
            return await ReplayAsync(chainId, input, cancellationToken) is { } replay ? replay : failure;
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
        await receipts.PrepareAsync(priced, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var line in lines)
        {
            if (!await returns.TakeAsync(line, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return await ReplayAsync(chainId, input, cancellationToken) is { } replay ? replay : ErrorCodes.ReturnQuantityExceedsOriginalQuantity;
            }
        }
        await writer.RegenerateAsync(priced, now, cancellationToken);
        var postings = new SqlBatch(db);
        await writer.ReturnAsync(priced, postings, null, now, cancellationToken);
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
        BasketSql.AddEvents(write, priced.Events);
        await receipts.AddReturnAsync(write, priced.Scope.Chain, returned.Id, original.Id, now, cancellationToken);
        await write.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BasketAnswer(returned.Response, []);
    }

    /// <summary>The first answer of the chain's return with this return_owner_code, with warning 311; null when there is none.</summary>
    private async Task<BasketAnswer?> ReplayAsync(int chainId, StandaloneReturn input, CancellationToken cancellationToken)
    {
        if (input.ReturnOwnerCode is not { } ownerCode
            || await db.ReturnTransactions.AsNoTracking().Where(t => t.ChainId == chainId && t.ReturnOwnerCode == ownerCode).Select(t => new { t.Response }).FirstOrDefaultAsync(cancellationToken) is not { } earlier)
        {
            return null;
        }
        return new BasketAnswer(earlier.Response ?? "{}", [ApiWarning.About(ErrorCodes.BasketAlreadyExists, "return_owner_code", ownerCode, $"return {ownerCode} was already registered")]);
    }

    private static BasketInput EmptyInput(StandaloneReturn input, Basket original) => new(
        input.Entity, null, original.PlatformType, original.RetailerBasketCode, null, [], null, 0, 0, input.Note, null, null, null, original.CurrencyId, null,
        [], [], false, [], [], [], []);
}
