using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Import;

/// <summary>
/// <c>import balances</c>: opening balances from a CSV file with the columns <c>member_number</c>, <c>points</c> and/or
/// <c>wallet</c> (amounts as add-user-purchase-progress takes them: "12.50"). Each balance is one manual ledger entry with
/// the log message, credited to the wallet in the same transaction (the ledger's rule, ADR 0007), and recorded in
/// <c>opening_balances</c>: a member's opening balance of one wallet is imported once, whatever is run again.
/// </summary>
public sealed class BalanceImporter(TesseraDbContext db, TimeProvider clock)
{
    public const string DefaultLogMessage = "Opening balance";

    private static readonly string[] Kinds = ["points", "wallet"];

    private sealed record Credit(CsvRow Row, string MemberNumber, int Kind, long Cents);

    /// <param name="walletIds">The wallet campaign of each column, points then wallet; null: the chain's only one of its type.</param>
    public async Task<Outcome<ImportReport>> ImportAsync(ImportRequest request, int?[] walletIds, string logMessage, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (!await db.Chains.AnyAsync(c => c.Id == request.ChainId, cancellationToken))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent.With($"no chain has id {request.ChainId}");
        }
        using var csv = new CsvRows(request.Path);
        if (csv.Header.FirstOrDefault(h => h != "member_number" && !Kinds.Contains(h)) is { } unknown)
        {
            return ErrorCodes.ParameterInvalid.With($"column '{unknown}' is not one of member_number, points, wallet");
        }
        var columns = Kinds.Select(csv.Column).ToArray();
        var numberColumn = csv.Column("member_number");
        if (numberColumn < 0 || columns.All(c => c < 0))
        {
            return ErrorCodes.HttpVarsMissing.With("the file needs the column member_number and a column points or wallet");
        }
        var wallets = new Campaign?[Kinds.Length];
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            if (columns[kind] >= 0)
            {
                var found = await WalletAsync(request.ChainId, kind == 0 ? CampaignTypes.PointsWallet : CampaignTypes.Wallet, walletIds[kind], cancellationToken);
                if (found.Failure is { } failure)
                {
                    return failure;
                }
                wallets[kind] = found.Value;
            }
        }

        File.Delete(request.RejectsFile);
        using var rejects = new RejectsFile(request.RejectsFile);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, credited = 0, unchanged = 0;
        for (var batch = csv.Next(request.BatchSize); batch.Count > 0; batch = csv.Next(request.BatchSize))
        {
            var credits = new List<Credit>();
            foreach (var row in batch)
            {
                var number = row.Fields[numberColumn];
                if (number.Length == 0)
                {
                    rejects.Add(row.Line, "", "3 http_vars_missing: member_number is required");
                    continue;
                }
                if (!seen.TryAdd(number, row.Line))
                {
                    rejects.Add(row.Line, number, $"member_number repeats line {seen[number]}");
                    continue;
                }
                var amounts = new List<Credit>();
                string? problem = null;
                for (var kind = 0; kind < Kinds.Length && problem is null; kind++)
                {
                    var text = columns[kind] < 0 ? "" : row.Fields[columns[kind]];
                    if (text.Length == 0)
                    {
                        continue;
                    }
                    // spec 300: a decimal with "." and at most two decimals; an opening balance is not negative.
                    if (!Cents.TryParse(text, out var cents) || cents < 0)
                    {
                        problem = $"300 currency_amount_invalid: {Kinds[kind]} must be an amount of 0 or more such as 12.50";
                    }
                    else if (cents > 0)
                    {
                        amounts.Add(new Credit(row, number, kind, cents));
                    }
                }
                if (problem is not null)
                {
                    rejects.Add(row.Line, number, problem);
                }
                else
                {
                    credits.AddRange(amounts);
                }
            }
            var (written, existing) = await WriteAsync(request, credits, wallets, logMessage, rejects, cancellationToken);
            credited += written;
            unchanged += existing;
            rows += batch.Count;
            request.Progress?.Invoke(rows);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        return new ImportReport("balances", request.DryRun, rows, credited, unchanged, rejects.Count, rejects.Path, Math.Round(seconds, 2), Math.Round(rows / Math.Max(seconds, 1e-3)));
    }

    private async Task<Outcome<Campaign>> WalletAsync(int chainId, string type, int? id, CancellationToken cancellationToken)
    {
        var candidates = await db.Campaigns.AsNoTracking().Where(c => c.ChainId == chainId && c.Type == type && (id == null || c.Id == id)).ToListAsync(cancellationToken);
        var option = type == CampaignTypes.PointsWallet ? "--points-campaign-id" : "--wallet-campaign-id";
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => ErrorCodes.CampaignNotFound.With(id is null ? $"the chain has no {type} campaign" : $"campaign {id} is not a {type} campaign of the chain"),
            _ => ErrorCodes.CampaignNotFound.With($"the chain has several {type} campaigns: name one with {option}"),
        };
    }

    /// <summary>
    /// Credits the batch in one transaction: members not found are rejected; a balance already imported is unchanged.
    /// A concurrent import of the same balance fails on the key of opening_balances; the batch is then sorted again.
    /// </summary>
    private async Task<(long Credited, long Unchanged)> WriteAsync(ImportRequest request, List<Credit> credits, Campaign?[] wallets, string logMessage, RejectsFile rejects, CancellationToken cancellationToken)
    {
        var chainId = request.ChainId;
        var numbers = credits.Select(c => c.MemberNumber).Distinct().ToList();
        var members = await db.Users.AsNoTracking().Where(u => u.ChainId == chainId && !u.IsAdmin && numbers.Contains(u.MemberNumber!))
            .Select(u => new { u.Id, u.MemberNumber, u.Obfuscated }).ToDictionaryAsync(u => u.MemberNumber!, StringComparer.Ordinal, cancellationToken);
        var known = new List<(Credit Credit, int UserId)>();
        foreach (var number in numbers)
        {
            var rowCredits = credits.Where(c => c.MemberNumber == number).ToList();
            if (!members.TryGetValue(number, out var member) || member.Obfuscated)
            {
                rejects.Add(rowCredits[0].Row.Line, number, "270 user_not_found: no member of the chain has this member_number");
                continue;
            }
            known.AddRange(rowCredits.Select(c => (c, member.Id)));
        }
        for (var attempt = 1; ; attempt++)
        {
            var userIds = known.Select(k => k.UserId).Distinct().ToList();
            var walletIds = wallets.Where(w => w is not null).Select(w => w!.Id).ToList();
            var imported = (await db.OpeningBalances.AsNoTracking().Where(o => userIds.Contains(o.UserId) && walletIds.Contains(o.WalletCampaignId))
                .Select(o => new { o.UserId, o.WalletCampaignId }).ToListAsync(cancellationToken))
                .Select(o => (o.UserId, o.WalletCampaignId)).ToHashSet();
            var fresh = known.Where(k => !imported.Contains((k.UserId, wallets[k.Credit.Kind]!.Id))).ToList();
            var unchanged = known.Count - fresh.Count;
            if (request.DryRun || fresh.Count == 0)
            {
                return (fresh.Count, unchanged);
            }
            try
            {
                await InsertAsync(chainId, fresh, wallets, logMessage, cancellationToken);
                return (fresh.Count, unchanged);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task InsertAsync(int chainId, List<(Credit Credit, int UserId)> fresh, Campaign?[] wallets, string logMessage, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entries = fresh.Select(f => new LedgerEntry
        {
            ChainId = chainId,
            UserId = f.UserId,
            WalletCampaignId = wallets[f.Credit.Kind]!.Id,
            AmountCents = f.Credit.Cents,
            Kind = LedgerKinds.Manual,
            LogMessage = logMessage,
            CreatedAt = now,
        }).ToList();
        db.LedgerEntries.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        var batch = new SqlBatch(db);
        foreach (var entry in entries)
        {
            LedgerSql.AddCredit(batch, entry, now);
            db.OpeningBalances.Add(new OpeningBalance { UserId = entry.UserId, WalletCampaignId = entry.WalletCampaignId, ChainId = chainId, LedgerEntryId = entry.Id, ImportedAt = now });
        }
        await batch.ExecuteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
