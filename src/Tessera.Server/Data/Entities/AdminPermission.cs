namespace Tessera.Server.Data.Entities;

/// <summary>
/// What an admin may do on a chain, or on one business of it when <see cref="BusinessId"/> is set.
/// A super user holds every permission on the chain.
/// </summary>
public sealed class AdminPermission
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int ChainId { get; set; }
    public int? BusinessId { get; set; }
    public bool CanRead { get; set; }
    public bool CanWrite { get; set; }
    public bool CanAssign { get; set; }
    public bool CanDelete { get; set; }
    public bool IsSuperUser { get; set; }
}
