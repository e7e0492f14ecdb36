namespace Tessera.Server.Features.Administration;

public sealed record PrivilegedKeyListResults(List<PrivilegedKeyView> PrivilegedKeys);
