namespace Tessera.Server.Features.Administration;

/// <summary>A reset password; <see cref="Password"/> is the generated one (shown once), null when the caller chose it.</summary>
public sealed record AdminPasswordReset(int UserId, string Username, string? Password, int SessionsEnded);
