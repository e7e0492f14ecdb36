namespace Tessera.Server.Auth;

public enum Permission
{
    Read,
    Write,
    Assign,
    Delete,
}
