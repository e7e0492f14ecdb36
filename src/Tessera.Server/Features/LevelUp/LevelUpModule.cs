namespace Tessera.Server.Features.LevelUp;

/// <summary>LevelUp's merchant API: access tokens and progress adjustments (no services of its own).</summary>
public static class LevelUpModule
{
    public static IEndpointRouteBuilder MapLevelUp(this IEndpointRouteBuilder app) =>
        app.MapLevelUpEndpoints();
}
