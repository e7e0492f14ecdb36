namespace Tessera.Domain.Ledger;

/// <summary>The rules of wallet mutations, apart from storage.</summary>
public static class LedgerRules
{
    /// <summary>A debit may take the balance below zero only when the wallet allows it.</summary>
    public static bool MayApply(long balanceCents, long deltaCents, bool balanceCanSubzero) =>
        balanceCanSubzero || deltaCents >= 0 || balanceCents + deltaCents >= 0;

    /// <summary>
    /// spec 303: a non-super-user admin adds at most the campaign's <c>max_manual_daily_amount</c> per member
    /// per day. Only additions count towards the maximum; subtractions are corrections.
    /// </summary>
    public static bool WithinDailyMaximum(long alreadyAddedTodayCents, long deltaCents, long maximumCents) =>
        deltaCents <= 0 || alreadyAddedTodayCents + deltaCents <= maximumCents;
}
