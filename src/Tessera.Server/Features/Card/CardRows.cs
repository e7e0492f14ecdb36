using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Card;

/// <summary>A member's rows that the card shows, read in one round trip.</summary>
public sealed record CardRows(
    Dictionary<int, long> Balances,
    Dictionary<int, long> Progress,
    Dictionary<int, long> Contributed,
    List<Voucher> Vouchers,
    Dictionary<int, string> Creators,
    (MemberLoyaltyLevel Assignment, LoyaltyLevel Level)? Held,
    List<CardNote> Notes);

public sealed record CardNote(int Id, string Text, DateTime CreatedAt, int? CreatingUserId, string? FirstName, string? LastName, string? Username);
