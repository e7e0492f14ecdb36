using Tessera.Server.Protocol;

namespace Tessera.Server.Features.LevelUp;

/// <summary>Input the pipeline refuses on a LevelUp route (a malformed body, a control character) in LevelUp's error array.</summary>
public sealed class LevelUpErrorWriter : IErrorWriter
{
    public static readonly LevelUpErrorWriter Instance = new();

    public Task WriteAsync(HttpContext context, ApiFailure failure) =>
        LevelUpEndpoints.Error(failure.Error.AnsweredStatus, failure.Message?.ToString() ?? failure.Error.Description, "request", null).ExecuteAsync(context);
}
