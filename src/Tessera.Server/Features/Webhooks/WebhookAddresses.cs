using System.Net;
using System.Net.Sockets;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// Keeps webhook URLs off the inside of the network: only public unicast addresses are allowed (unless
/// <c>Webhooks:AllowPrivateAddresses</c>), checked when an endpoint is saved and again, after DNS, on every connection.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Why the URL may not be an endpoint, or null when it may (its host resolves to public addresses only).</summary>
    public static async Task<string?> RefuseAsync(string url, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "url must be an absolute http or https URL";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry a user name or password";
        }
        if (uri.Fragment.Length > 0)
        {
            return "url must not have a fragment";
        }
        if (allowPrivate)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"the host {uri.Host} does not resolve";
        }
        if (addresses.Length == 0)
        {
            return $"the host {uri.Host} does not resolve";
        }
        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } inside ? $"the host {uri.Host} resolves to the non-public address {inside}" : null;
    }

    /// <summary>
    /// The handler's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host and connects only to a public
    /// address (any address when <paramref name="allowPrivate"/>), so a name that now resolves inside is refused.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(bool allowPrivate) => async (context, cancellationToken) =>
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(addresses.Length == 0
                ? $"{host} does not resolve"
                : $"refused: {host} resolves to the non-public address {addresses[0]} (Webhooks:AllowPrivateAddresses is off)");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    /// <summary>A global unicast address: not loopback, private, shared (CGNAT), link-local, multicast, documentation or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo)
        {
            return false;
        }
        var v6 = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address: judged by it. 2001:db8::/32 is documentation.
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b)
        {
            return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
        }
        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return IsPublic(new IPAddress(v6.AsSpan(2, 4)));
        }
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)
        {
            return false;
        }
        // Only the global unicast range 2000::/3 is public.
        return (v6[0] & 0xe0) == 0x20;
    }
}
