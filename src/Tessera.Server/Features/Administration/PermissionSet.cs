using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Administration;

/// <summary>
/// Permissions as operators write them: a comma-separated list of <c>read</c>, <c>write</c>, <c>assign</c>, <c>delete</c>
/// and <c>super-user</c> (or <c>all</c> for every one), the flags of <see cref="AdminPermission"/>.
/// </summary>
public readonly record struct PermissionSet(bool Read, bool Write, bool Assign, bool Delete, bool SuperUser)
{
    public const string Names = "read, write, assign, delete, super-user (or all)";

    public bool IsEmpty => !(Read || Write || Assign || Delete || SuperUser);

    /// <summary>The set, or null when a name is unknown or none is given.</summary>
    public static PermissionSet? Parse(string? text)
    {
        var set = default(PermissionSet);
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (name.ToLowerInvariant().Replace('_', '-'))
            {
                case "read": set = set with { Read = true }; break;
                case "write": set = set with { Write = true }; break;
                case "assign": set = set with { Assign = true }; break;
                case "delete": set = set with { Delete = true }; break;
                case "super-user" or "superuser": set = set with { SuperUser = true }; break;
                case "all": set = new PermissionSet(true, true, true, true, true); break;
                default: return null;
            }
        }
        return set.IsEmpty ? null : set;
    }

    /// <summary>Adds these permissions to <paramref name="row"/>.</summary>
    public void Grant(AdminPermission row)
    {
        row.CanRead |= Read;
        row.CanWrite |= Write;
        row.CanAssign |= Assign;
        row.CanDelete |= Delete;
        row.IsSuperUser |= SuperUser;
    }

    /// <summary>Takes these permissions from <paramref name="row"/>.</summary>
    public void Revoke(AdminPermission row)
    {
        row.CanRead &= !Read;
        row.CanWrite &= !Write;
        row.CanAssign &= !Assign;
        row.CanDelete &= !Delete;
        row.IsSuperUser &= !SuperUser;
    }

    public static bool HoldsNone(AdminPermission row) => !(row.CanRead || row.CanWrite || row.CanAssign || row.CanDelete || row.IsSuperUser);
}
