namespace Tessera.Server.Protocol;

/// <summary>
/// Endpoint metadata for routes that answer errors in another protocol's shape (LevelUp's error arrays): the
/// pipeline writes input it refuses for such a route through it instead of the Spaaza envelope.
/// </summary>
public interface IErrorWriter
{
    Task WriteAsync(HttpContext context, ApiFailure failure);
}
