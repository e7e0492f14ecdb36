namespace Tessera.Server.Data.Entities;

/// <summary>A LevelUp merchant access token (POST /v15/access_tokens); only its hash is kept.</summary>
public sealed class MerchantToken
{
    public long Id { get; set; }
    public required string TokenHash { get; set; }
    public int ChainId { get; set; }
    public int AdminUserId { get; set; }
    public bool GiveMerchantFundedCredit { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
