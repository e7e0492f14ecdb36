using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Events;

/// <summary>
/// A member as its events show it, read once in the writing transaction: its row, its level and its wallet balances.
/// A basket's postings are written in its last batch, so the basket adds each to <see cref="Balances"/> as it goes.
/// </summary>
public sealed class EventMember(User user, MemberLoyaltyLevel? assignment, LoyaltyLevel? level, Dictionary<int, long> balances)
{
    public User User { get; } = user;
    public MemberLoyaltyLevel? Assignment { get; } = assignment;
    public LoyaltyLevel? Level { get; } = level;
    public Dictionary<int, long> Balances { get; } = balances;
}
