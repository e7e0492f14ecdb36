namespace Tessera.Server.Data.Entities;

/// <summary>
/// Returned lines of one original basket (spec: return_transactions), inside a returning basket or by the
/// standalone return call (then with its own <see cref="ReturnOwnerCode"/>, unique per chain).
/// </summary>
public sealed class ReturnTransaction
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public long OriginalBasketId { get; set; }
    public long? ReturningBasketId { get; set; }
    public string? ReturnOwnerCode { get; set; }
    public string? Note { get; set; }
    public string? Response { get; set; }
    public DateTime CreatedAt { get; set; }
}
