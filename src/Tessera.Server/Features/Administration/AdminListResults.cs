namespace Tessera.Server.Features.Administration;

public sealed record AdminListResults(List<AdminView> Admins);
