using Tessera.Server.Auth;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Card;

/// <summary><c>GET /get-user-vouchers</c> (spec lines 2771-3095) and <c>GET /get-card</c> (1865-2378).</summary>
public static class CardEndpoints
{
    private static readonly string[] UserVoucherOrder = ["user_id", "member_number"];
    private static readonly string[] CardOrder = ["user_id", "member_number", "username", "authentication_point_identifier"];

    public static IEndpointRouteBuilder MapCardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/get-user-vouchers", GetUserVouchers).WithName("get-user-vouchers");
        app.MapGet("/get-card", GetCard).WithName("get-card");
        return app;
    }

    private static string? AcceptLanguage(HttpRequest request) => request.Headers.AcceptLanguage.ToString() is { Length: > 0 } value ? value : null;

    private static async Task<IResult> GetUserVouchers(HttpRequest request, Caller caller, MemberService members, CardService cards, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var filter = Blanks.NullIfEmpty(p.Text("filter"));
        var target = await MemberAccess.TargetMemberAsync(caller, p, members, UserVoucherOrder, Permission.Read, ct);
        if (target.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        if (filter is not null && filter != "all")
        {
            return Spaaza.Error(ErrorCodes.ParameterNotInWhitelist.With("filter can only be all"));
        }
        return Spaaza.Ok("get-user-vouchers", await cards.UserVouchersAsync(target.Value!, filter == "all", AcceptLanguage(request), ct));
    }

    private static async Task<IResult> GetCard(HttpRequest request, Caller caller, MemberService members, CardService cards, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        if (p.Text("username") is { Length: > 0 } username && !Domain.Members.MemberFields.IsEmail(username))
        {
            return Spaaza.Error(ErrorCodes.UsernameInvalid);
        }
        var target = await MemberAccess.TargetMemberAsync(caller, p, members, CardOrder, Permission.Read, ct);
        if (target.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        // The result_type of the spec's get-card sample.
        return Spaaza.Ok("get-user-entity-card", await cards.CardAsync(target.Value!, AcceptLanguage(request), ct));
    }
}
