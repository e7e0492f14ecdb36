namespace Tessera.Server.Features.Receipts;

/// <summary>What a receipt's download link came to: good, signed otherwise than by Tessera (325), or expired (326).</summary>
public enum ReceiptLinkCheck
{
    Valid,
    Tampered,
    Expired,
}
