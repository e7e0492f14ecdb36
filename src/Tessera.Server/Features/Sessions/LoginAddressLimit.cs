using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Sessions;

/// <summary>
/// The per-client-address limit on login attempts (ASP.NET Core's rate limiter): at most <c>Auth:AddressLoginLimit</c>
/// attempts per <c>Auth:AddressLoginWindowSeconds</c> from one address (an IPv6 address counts by its /64 network),
/// over a sliding window. Refused attempts are answered before any password is checked: 307 with its HTTP status
/// (403) on Spaaza routes, a LevelUp error with 429 on LevelUp routes, both with <c>Retry-After</c>.
/// </summary>
public static class LoginAddressLimit
{
    public const string Policy = "login-address";

    public static IServiceCollection AddLoginAddressLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                if (settings.AddressLoginLimit <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("");
                }
                return RateLimitPartition.GetSlidingWindowLimiter(Partition(context.Connection.RemoteIpAddress), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = settings.AddressLoginLimit,
                    Window = TimeSpan.FromSeconds(Math.Max(1, settings.AddressLoginWindowSeconds)),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            options.OnRejected = RejectAsync;
        });

    /// <summary>The address as one partition: IPv4 (mapped or not) whole, IPv6 by its /64, which one client usually holds whole.</summary>
    internal static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes).ToString() + "/64";
        }
        return address.ToString();
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromSeconds(context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AddressLoginWindowSeconds);
        var failure = TooManyLogins.Failure(wait);
        if (context.Request.Path.StartsWithSegments("/v15", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var body = new JsonArray(new JsonObject { ["error"] = new JsonObject { ["message"] = "Too many login attempts from this address; try again later", ["object"] = "access_token", ["property"] = null } });
            await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
            return;
        }
        TooManyLogins.AddRetryAfter(context.Response, failure);
        await Spaaza.WriteErrorAsync(context, failure);
    }
}
