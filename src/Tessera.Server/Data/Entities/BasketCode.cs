namespace Tessera.Server.Data.Entities;

/// <summary>A supplementary basket code (spec: supplementary_basket_codes), for finding the basket of a return.</summary>
public sealed class BasketCode
{
    public int ChainId { get; set; }
    public required string Code { get; set; }
    public long BasketId { get; set; }
}
