using Microsoft.Extensions.Primitives;

namespace Tessera.Server.Auth;

/// <summary>
/// The session, chain and app headers, read once per request under every name clients send them: the spec's
/// (<c>session-user-id</c>, <c>session-key</c>, <c>Session-Chain-Id</c>, <c>X-MyPrice-App-Hostname</c>, L683-708,
/// L1752-1754), the <c>X-Spaaza-Session-*</c> and <c>X-Spaaza-MyPrice-App-Hostname</c> of Spaaza's published clients,
/// and the older <c>Session-Username</c>. Names are case-insensitive and <c>_</c> counts as <c>-</c> (the spec itself
/// writes <c>session_user_id</c> and <c>session-user_id</c>). Two names of one header with different values make
/// the headers <see cref="Conflicting"/>: the caller is then refused with 6 rather than one of them picked.
/// </summary>
public readonly record struct RequestHeaders(string? UserId, string? SessionKey, string? Username, string? ChainId, string? AppHostname, bool Conflicting)
{
    public const string AppHostnameHeader = "X-MyPrice-App-Hostname";

    private const string SpaazaPrefix = "x-spaaza-";

    private enum Field { None, UserId, SessionKey, Username, ChainId, AppHostname }

    /// <summary>One pass over the headers; allocates nothing beyond trimming a value with spaces around it.</summary>
    public static RequestHeaders Read(HttpRequest request)
    {
        string? userId = null, key = null, username = null, chain = null, app = null;
        var conflicting = false;
        foreach (var (name, value) in request.Headers)
        {
            switch (Classify(name))
            {
                case Field.UserId: conflicting |= Keep(ref userId, value, StringComparison.Ordinal); break;
                case Field.SessionKey: conflicting |= Keep(ref key, value, StringComparison.OrdinalIgnoreCase); break;
                case Field.Username: conflicting |= Keep(ref username, value, StringComparison.OrdinalIgnoreCase); break;
                case Field.ChainId: conflicting |= Keep(ref chain, value, StringComparison.Ordinal); break;
                case Field.AppHostname: conflicting |= Keep(ref app, value, StringComparison.OrdinalIgnoreCase); break;
                default: break;
            }
        }
        return new RequestHeaders(userId, key, username, chain, app, conflicting);
    }

    /// <summary>The chain of <c>Session-Chain-Id</c> when it is an integer.</summary>
    public int? SessionChainId => int.TryParse(ChainId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Keeps the first value of a field; true when a second name brings a different one.</summary>
    private static bool Keep(ref string? slot, StringValues value, StringComparison comparison)
    {
        var text = value.ToString().Trim();
        if (slot is null)
        {
            slot = text;
            return false;
        }
        return !string.Equals(slot, text, comparison);
    }

    private static Field Classify(ReadOnlySpan<char> name)
    {
        if (Is(name, "x-myprice-app-hostname"))
        {
            return Field.AppHostname;
        }
        if (name.Length > SpaazaPrefix.Length && Is(name[..SpaazaPrefix.Length], SpaazaPrefix))
        {
            name = name[SpaazaPrefix.Length..];
            if (Is(name, "myprice-app-hostname"))
            {
                return Field.AppHostname;
            }
        }
        return name.Length switch
        {
            11 when Is(name, "session-key") => Field.SessionKey,
            15 when Is(name, "session-user-id") => Field.UserId,
            16 when Is(name, "session-username") => Field.Username,
            16 when Is(name, "session-chain-id") => Field.ChainId,
            _ => Field.None,
        };
    }

    /// <summary>Equal to the lower-case, dashed <paramref name="canonical"/>, ignoring case and taking <c>_</c> for <c>-</c>.</summary>
    private static bool Is(ReadOnlySpan<char> name, string canonical)
    {
        if (name.Length != canonical.Length)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i] == '_' ? '-' : char.ToLowerInvariant(name[i]);
            if (c != canonical[i])
            {
                return false;
            }
        }
        return true;
    }
}
