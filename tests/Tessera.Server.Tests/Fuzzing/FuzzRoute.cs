using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Fuzzing;

/// <summary>One route of the server and a method it answers, as the fuzzer calls it.</summary>
public sealed record FuzzRoute(string Method, string Path)
{
    /// <summary>Every route the server maps (its <see cref="EndpointDataSource"/>), so a new route is fuzzed without being listed.</summary>
    public static IReadOnlyList<FuzzRoute> Of(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && !path.Contains('{', StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new FuzzRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal),
    ];
}
