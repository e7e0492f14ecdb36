namespace Tessera.Server.Data.Entities;

/// <summary>
/// One lower-cased word a member can be found by (name words, username, member number). Prefix
/// searches on (chain_id, term) use a plain B-tree index on both engines.
/// </summary>
public sealed class MemberSearchTerm
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int UserId { get; set; }
    public required string Term { get; set; }
}
