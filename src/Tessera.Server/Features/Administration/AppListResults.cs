namespace Tessera.Server.Features.Administration;

public sealed record AppListResults(List<AppView> Apps);
