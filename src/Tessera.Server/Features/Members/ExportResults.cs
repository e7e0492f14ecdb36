namespace Tessera.Server.Features.Members;

public sealed record ExportResults(string DownloadUrl);
