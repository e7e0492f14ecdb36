namespace Tessera.Server.Data.Entities;

/// <summary>
/// The units of a purchase line returned so far (one row per line that had a return): the count only grows, by a
/// conditional upsert that never passes the line's quantity, so racing returns cannot return a unit twice.
/// </summary>
public sealed class BasketLineReturn
{
    public long LineId { get; set; }
    public long BasketId { get; set; }
    /// <summary>Stored as whole thousandths in <c>returned_quantity</c> so both engines add and compare it exactly (ADR 0025).</summary>
    public decimal ReturnedQuantity { get; set; }
}
