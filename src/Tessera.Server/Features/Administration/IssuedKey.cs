namespace Tessera.Server.Features.Administration;

/// <summary>A privileged key just made: <see cref="PrivilegedKey"/> (<c>KEYID:SECRET</c>) is shown this once.</summary>
public sealed record IssuedKey(int Id, int ChainId, string KeyId, string Name, bool Active, string CreatedAt, string PrivilegedKey);
