namespace Tessera.Server.Features.Sessions;

/// <summary>Which member a privileged client logs in for (spec: session, "at least one of").</summary>
public sealed record MemberIdentifier(int? UserId, string? Username, string? MemberNumber, string? AuthenticationPointIdentifier);
