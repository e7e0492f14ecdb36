using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>add-user, alter-user, get-user, delete-user (spec lines 709-1160, 1621-1692).</summary>
public static class MemberEndpoints
{
    // spec alter-user footnote: with admin authentication, user_id, username or authentication_point_identifier name the
    // member (Spaaza's own examples use username), although the username row says otherwise; member_number too (user_id row).
    private static readonly string[] AlterOrder = ["user_id", "member_number", "username", "authentication_point_identifier"];

    // member_number is beyond the spec's table: integrations look members up by their card number.
    private static readonly string[] GetOrder = ["user_id", "username", "member_number", "authentication_point_identifier"];
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
        var chain = ChainScope.Resolve(caller, p, ChainRule.SignUp, Permission.Assign);
        if (chain.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var chainId = chain.Value;
        // Self sign-up (the app names the chain) never updates an existing member.
        var mayUpdate = caller.IsAdmin || caller.IsPrivileged;
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
            // A username names a member within a chain: an admin sends chain_id, or the app header names the chain.
            var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrAppOrPrivilegedOwn, Permission.Assign);
            if (chain.Failure is { } denied)
            {
                return Spaaza.Error(denied);
            }
            if (!AlterOrder.Any(reference.Has))
            {
                return Spaaza.Error(ErrorCodes.HttpVarsMissing.With($"one of {string.Join(", ", AlterOrder)} must identify the member"));
            }
            (member, matchedBy) = await members.FindAsync(chain.Value, reference, AlterOrder, false, ct);
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
        var chain = ChainScope.Resolve(caller, p, ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Permission.Read);
        if (chain.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        if (caller.IsMember)
        {
            if ((reference.UserId is { } id && id != caller.User!.Id) || reference.Username is not null || reference.MemberNumber is not null
                || reference.AuthenticationPointIdentifier is not null)
            {
                return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
            }
            reference = new MemberRef(UserId: caller.User!.Id);
        }
        if (!GetOrder.Any(reference.Has))
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With($"one of {string.Join(", ", GetOrder)} is required"));
        }
        var (member, _) = await members.FindAsync(chain.Value, reference, GetOrder, fallThrough: true, ct);
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
        // spec: a privileged client needs the app header unless the member is named by user_id.
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Permission.Delete);
        if (chain.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        if (!DeleteOrder.Any(reference.Has))
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("one of user_id, username or member_number is required"));
        }
        var (member, _) = await members.FindAsync(chain.Value, reference, DeleteOrder, false, ct);
        if (member is null)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }
        return Spaaza.Ok("delete-user", await members.DeleteAsync(member, ct));
    }
}
