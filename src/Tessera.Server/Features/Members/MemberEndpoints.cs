using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>add-user, alter-user, get-user, delete-user (spec lines 709-1160, 1621-1692).</summary>
public static class MemberEndpoints
{
    private static readonly string[] AlterOrderAdmin = ["user_id", "member_number", "authentication_point_identifier"];
    private static readonly string[] AlterOrderPrivileged = ["user_id", "member_number", "username", "authentication_point_identifier"];
    private static readonly string[] GetOrder = ["user_id", "username", "authentication_point_identifier"];
    private static readonly string[] DeleteOrder = ["user_id", "username", "member_number"];

    public static IEndpointRouteBuilder MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-user", AddUser).WithName("add-user");
        app.MapPut("/internal/alter-user", AlterUser).WithName("alter-user");
        app.MapGet("/internal/get-user", GetUser).WithName("get-user");
        app.MapDelete("/delete-user", DeleteUser).WithName("delete-user");
        return app;
    }

    /// <summary>Admin with assign (chain_id), privileged (app header), or self sign-up through the app hostname.</summary>
    private static async Task<IResult> AddUser(HttpRequest request, Caller caller, MemberService members, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        int chainId;
        var mayUpdate = false;
        switch (caller.Kind)
        {
            case CallerKind.Admin:
                chainId = p.RequiredInt("chain_id", ErrorCodes.ChainIdRequired, ErrorCodes.ChainIdInvalid);
                if (p.Failure is null && !caller.Can(Permission.Assign, chainId))
                {
                    return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
                }
                mayUpdate = true;
                break;
            case CallerKind.Privileged:
                if (caller.CheckPrivilegedApp() is { } appFailure)
                {
                    return Spaaza.Error(appFailure);
                }
                chainId = caller.Client!.ChainId;
                mayUpdate = true;
                break;
            case CallerKind.Anonymous when caller.CredentialFailure is null:
                // Self sign-up: the app names the chain.
                if (caller.App is null)
                {
                    return Spaaza.Error(ErrorCodes.NoMypriceApp);
                }
                chainId = caller.App.ChainId;
                break;
            default:
                return Spaaza.Error(caller.CredentialFailure ?? ErrorCodes.AccessDenied);
        }
        var input = MemberInput.Read(p);
        var updateIfExists = p.Bool("update_if_exists") ?? false;
        var channel = MemberAccess.SignupChannel(request);
        if ((p.Failure ?? channel.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var (outcome, warnings) = await members.AddAsync(chainId, caller.App, input, channel.Value, updateIfExists && mayUpdate, ct);
        return outcome.Failure is { } addFailure ? Spaaza.Error(addFailure) : Spaaza.Ok("add-user", outcome.Value!, warnings);
    }

    private static async Task<IResult> AlterUser(HttpRequest request, Caller caller, MemberService members, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var reference = MemberAccess.Reference(p);
        var input = MemberInput.Read(p);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        Data.Entities.User? member;
        string? matchedBy;
        bool mayChangeMemberNumber;
        if (caller.IsMember)
        {
            // A member alters itself; the session names it.
            if (reference.UserId is { } id && id != caller.User!.Id)
            {
                return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
            }
            (member, matchedBy) = await members.FindAsync(caller.User!.ChainId, new MemberRef(UserId: caller.User.Id), ["user_id"], false, ct);
            mayChangeMemberNumber = false;
        }
        else
        {
            var chain = MemberAccess.AdminOrPrivilegedChain(caller, p, Permission.Assign);
            if (chain.Failure is { } denied)
            {
                return Spaaza.Error(denied);
            }
            // spec: with admin authentication the username cannot identify the member.
            var order = caller.IsAdmin ? AlterOrderAdmin : AlterOrderPrivileged;
            if (!order.Any(reference.Has))
            {
                return Spaaza.Error(ErrorCodes.HttpVarsMissing.With($"one of {string.Join(", ", order)} must identify the member"));
            }
            (member, matchedBy) = await members.FindAsync(chain.Value, reference, order, false, ct);
            mayChangeMemberNumber = caller.IsPrivileged || caller.Can(Permission.Write, chain.Value);
        }
        if (member is null)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }
        // The parameter that identified the member is not also a new value for it.
        input = matchedBy switch
        {
            "member_number" => input with { MemberNumber = null },
            "username" => input with { Username = null },
            "authentication_point_identifier" => input with { AuthenticationPointIdentifier = null },
            _ => input,
        };
        return (await members.AlterAsync(member, input, caller.App, mayChangeMemberNumber, ct)).ToResult("alter-user");
    }

    private static async Task<IResult> GetUser(HttpRequest request, Caller caller, MemberService members, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var reference = MemberAccess.Reference(p);
        var chainParam = p.Int("chain_id", ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        int chainId;
        switch (caller.Kind)
        {
            case CallerKind.Member:
                if ((reference.UserId is { } id && id != caller.User!.Id) || reference.Username is not null || reference.AuthenticationPointIdentifier is not null)
                {
                    return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
                }
                reference = new MemberRef(UserId: caller.User!.Id);
                chainId = caller.User.ChainId;
                break;
            case CallerKind.Privileged:
                if (caller.CheckPrivilegedApp() is { } appFailure)
                {
                    return Spaaza.Error(appFailure);
                }
                chainId = caller.Client!.ChainId;
                break;
            case CallerKind.Admin:
                // spec: chain_id with user_id, or the username with the app header.
                if (chainParam is { } given)
                {
                    chainId = given;
                }
                else if (caller.App is { } app)
                {
                    chainId = app.ChainId;
                }
                else
                {
                    return Spaaza.Error(reference.Username is not null ? ErrorCodes.NoMypriceApp : ErrorCodes.ChainIdRequired);
                }
                if (!caller.Can(Permission.Read, chainId))
                {
                    return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
                }
                break;
            default:
                return Spaaza.Error(caller.Require(CallerKind.Admin, CallerKind.Privileged, CallerKind.Member)!);
        }
        if (reference.UserId is null && reference.Username is null && reference.AuthenticationPointIdentifier is null)
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("one of user_id, username or authentication_point_identifier is required"));
        }
        var (member, _) = await members.FindAsync(chainId, reference, GetOrder, fallThrough: true, ct);
        if (member is null)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }
        return Spaaza.Ok("get-user", new UserInfoResults(await members.InfoAsync(member, ct)));
    }

    private static async Task<IResult> DeleteUser(HttpRequest request, Caller caller, MemberService members, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var reference = MemberAccess.Reference(p);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (caller.IsPrivileged && !DeleteOrder.Any(reference.Has))
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("one of user_id, username or member_number is required"));
        }
        int chainId;
        if (caller.IsPrivileged)
        {
            // spec: the app header is needed unless the member is named by user_id.
            if (caller.AppHeaderSent || reference.UserId is null)
            {
                if (caller.CheckPrivilegedApp() is { } appFailure)
                {
                    return Spaaza.Error(appFailure);
                }
            }
            chainId = caller.Client!.ChainId;
        }
        else
        {
            var chain = MemberAccess.AdminOrPrivilegedChain(caller, p, Permission.Delete);
            if (chain.Failure is { } denied)
            {
                return Spaaza.Error(denied);
            }
            chainId = chain.Value;
        }
        if (!DeleteOrder.Any(reference.Has))
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("one of user_id, username or member_number is required"));
        }
        var (member, _) = await members.FindAsync(chainId, reference, DeleteOrder, false, ct);
        if (member is null)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }
        return Spaaza.Ok("delete-user", await members.DeleteAsync(member, ct));
    }
}
