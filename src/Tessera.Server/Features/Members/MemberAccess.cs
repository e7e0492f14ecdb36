using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>Which chain a member call acts on, by the caller's kind, and whether the caller may.</summary>
internal static class MemberAccess
{
    /// <summary>
    /// Admin: the <c>chain_id</c> parameter (82 without it), with <paramref name="permission"/> on it (68).
    /// Privileged: its own chain, naming that chain's app (269, 312). Others: 6 or 424.
    /// </summary>
    public static Outcome<int> AdminOrPrivilegedChain(Caller caller, SpaazaParams p, Permission permission)
    {
        if ((caller.Require(CallerKind.Admin, CallerKind.Privileged) ?? caller.CheckPrivilegedApp()) is { } denied)
        {
            return denied;
        }
        if (caller.IsPrivileged)
        {
            return caller.Client!.ChainId;
        }
        var chainId = p.RequiredInt("chain_id", ErrorCodes.ChainIdRequired, ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return failure;
        }
        return caller.Can(permission, chainId) ? chainId : ErrorCodes.PermissionDeniedOrNonExistent;
    }

    /// <summary>
    /// The member a member-facing call is about: a member's own session (with its app), or for admins
    /// (<c>chain_id</c> with <paramref name="permission"/>, 82/68) and privileged clients (their app's
    /// chain) the member named by the first identifier of <paramref name="order"/> that was sent (3 without
    /// one, 270 when the chain has no such member).
    /// </summary>
    public static async Task<Outcome<Data.Entities.User>> TargetMemberAsync(
        Caller caller, SpaazaParams p, MemberService members, IReadOnlyList<string> order, Permission permission, CancellationToken cancellationToken)
    {
        var reference = Reference(p);
        var chainParam = p.Int("chain_id", ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return failure;
        }
        int chainId;
        switch (caller.Kind)
        {
            case CallerKind.Member:
                return caller.User!;
            case CallerKind.Privileged:
                if (caller.CheckPrivilegedApp() is { } appFailure)
                {
                    return appFailure;
                }
                chainId = caller.Client!.ChainId;
                break;
            case CallerKind.Admin:
                if (chainParam is not { } given)
                {
                    return ErrorCodes.ChainIdRequired;
                }
                if (!caller.Can(permission, given))
                {
                    return ErrorCodes.PermissionDeniedOrNonExistent;
                }
                chainId = given;
                break;
            default:
                return caller.Require(CallerKind.Member, CallerKind.Admin, CallerKind.Privileged)!;
        }
        if (!order.Any(reference.Has))
        {
            return ErrorCodes.HttpVarsMissing.With($"one of {string.Join(", ", order)} is required");
        }
        var (member, _) = await members.FindAsync(chainId, reference, order, fallThrough: false, cancellationToken);
        return member is null || member.Obfuscated ? ErrorCodes.UserNotFound : member;
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
