namespace Tessera.Server.Cli;

/// <summary>A chain's settings that have no API: what <c>chain-settings</c> prints after any change.</summary>
public sealed record ChainSettingsResult(int ChainId, bool AllowAnonymousReturns, bool RedeemRegeneratedRewards);
