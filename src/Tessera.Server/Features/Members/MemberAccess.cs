using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>The member a member-facing call is about, and the parameters that name it.</summary>
internal static class MemberAccess
{
    /// <summary>
    /// The member a member-facing call is about: a member's own session (with its app), or for admins
    /// (<c>chain_id</c> with <paramref name="permission"/>, 82/68) and privileged clients (their app's
    /// chain) the member named by the first identifier of <paramref name="order"/> that was sent (3 without
    /// one, 270 when the chain has no such member). The chain: <paramref name="rule"/>; with
    /// <see cref="ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn"/> an admin's member is looked for in every
    /// chain where it holds the permission: 434 when the identifier names members of several, 68 when of none.
    /// </summary>
    public static async Task<Outcome<Data.Entities.User>> TargetMemberAsync(
        Caller caller, SpaazaParams p, MemberService members, IReadOnlyList<string> order, Permission permission, CancellationToken cancellationToken,
        ChainRule rule = ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn)
    {
        var reference = Reference(p);
        var chains = ChainScope.Candidates(caller, p, rule, permission);
        if (chains.Failure is { } denied)
        {
            return denied;
        }
        if (caller.IsMember)
        {
            return caller.User!;
        }
        if (!order.Any(reference.Has))
        {
            return ErrorCodes.HttpVarsMissing.With($"one of {string.Join(", ", order)} is required");
        }
        var found = new List<Data.Entities.User>();
        foreach (var chainId in chains.Value!)
        {
            var (member, _) = await members.FindAsync(chainId, reference, order, fallThrough: false, cancellationToken);
            if (member is not null)
            {
                found.Add(member);
            }
        }
        var live = found.Where(m => !m.Obfuscated).ToList();
        if (live.Count > 1)
        {
            return ErrorCodes.TooManyDuplicateObjects.With("the identifier names members of several chains; send chain_id");
        }
        if (live.Count == 1)
        {
            return live[0];
        }
        // Searched among the permitted chains: a member elsewhere is one the admin may not act on.
        return found.Count == 0 && ChainScope.SearchesPermittedChains(caller, rule) ? ErrorCodes.PermissionDeniedOrNonExistent : ErrorCodes.UserNotFound;
    }

    /// <summary>The member reference of the usual parameters (user_id 154 when not an integer).</summary>
    public static MemberRef Reference(SpaazaParams p) => new(
        p.Int("user_id", ErrorCodes.UserIdInvalid),
        Blanks.NullIfEmpty(p.Text("username")),
        Blanks.NullIfEmpty(p.Text("member_number")),
        Blanks.NullIfEmpty(p.Text("authentication_point_identifier")));

    /// <summary>spec: <c>X-Spaaza-Request: {"client_channel":"pos"}</c> records the signup channel (mobile, pos, import).</summary>
    public static Outcome<string?> SignupChannel(HttpRequest request)
    {
        var header = request.Headers["X-Spaaza-Request"].ToString();
        if (header.Length == 0)
        {
            return (string?)null;
        }
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(header);
            if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
                || !json.RootElement.TryGetProperty("client_channel", out var channel))
            {
                return (string?)null;
            }
            var value = channel.GetString()?.Trim().ToLowerInvariant();
            return value is "mobile" or "pos" or "import"
                ? value
                : ErrorCodes.ParameterNotInWhitelist.With("client_channel must be mobile, pos or import");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return ErrorCodes.ParameterInvalid.With("X-Spaaza-Request must be a JSON object such as {\"client_channel\":\"pos\"}");
        }
    }
}
