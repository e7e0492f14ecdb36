namespace Tessera.Server.Auth;

public enum CallerKind
{
    Anonymous,
    Member,
    Admin,
    Privileged,
}
