using System.Collections.Frozen;
using Tessera.Server.Protocol;

namespace Tessera.Server.Auth;

/// <summary>
/// Which chain a call acts on, from the caller and the parameters, and whether the caller may: one table of rules
/// (<see cref="Rules"/>), read in this order: the caller's kind (6, 424, 268, or the credential failure: 265, 266,
/// 269, 312), the privileged client's app (269 without it, 312 for another chain's), the chain's source (82 missing,
/// 83 invalid, 269 for a sign-up without app), then the permission on that chain (68).
/// </summary>
public static class ChainScope
{
    public const string ChainParam = "chain_id";

    /// <summary>Where each kind of caller gets the chain from; <see cref="Source.Refused"/>: that kind may not call.</summary>
    internal enum Source
    {
        Refused,

        /// <summary><c>chain_id</c>, required: 82 missing, 83 invalid.</summary>
        Param,

        /// <summary><c>chain_id</c> (83 invalid), else the privileged client's own chain.</summary>
        ParamOrOwn,

        /// <summary><c>chain_id</c>, else the app header's chain; neither: 269 when a username is sent, else 82.</summary>
        ParamOrApp,

        /// <summary><c>chain_id</c> (83 invalid), else the Session-Chain-Id header; neither: 82.</summary>
        ParamOrSessionChain,

        /// <summary>The caller's own: a member's chain, a privileged client's chain.</summary>
        Own,

        /// <summary>The app header's chain; 269 without a known app.</summary>
        App,

        /// <summary>The chain of the row the call names, found by the handler: <see cref="OfRow"/>, <see cref="Authorize"/>.</summary>
        Row,

        /// <summary>The privileged client's own chain; <c>chain_id</c> (83 invalid) may name it, and naming another is 68.</summary>
        OwnIfSame,

        /// <summary>
        /// The chain of the member the call names, among the chains on which the admin holds the permission; <c>chain_id</c>
        /// (83 invalid, 68 without the permission) narrows them to one. The handler looks: <see cref="Candidates"/>.
        /// </summary>
        PermittedOrParam,
    }

    /// <summary>When a privileged client must name an app of its own chain (269 without one, 312 for another chain's).</summary>
    internal enum PrivilegedApp
    {
        Required,
        WhenSent,

        /// <summary>Required when the header is sent or the member is not named by user_id.</summary>
        UnlessUserId,
    }

    /// <param name="ParseFirst">chain_id is read (83), and earlier parameter failures answered, before the caller is checked.</param>
    internal sealed record Rule(Source Admin, Source Privileged, Source Member, Source Anonymous, PrivilegedApp App, bool ParseFirst = false)
    {
        public Source For(CallerKind kind) => kind switch
        {
            CallerKind.Admin => Admin,
            CallerKind.Privileged => Privileged,
            CallerKind.Member => Member,
            _ => Anonymous,
        };

        public CallerKind[] Callers { get; } = [.. new[] { CallerKind.Admin, CallerKind.Privileged, CallerKind.Member, CallerKind.Anonymous }
            .Where(k => k switch { CallerKind.Admin => Admin, CallerKind.Privileged => Privileged, CallerKind.Member => Member, _ => Anonymous } != Source.Refused)];
    }

    private const Source No = Source.Refused;

    /// <summary>The rules: per call kind, the chain's source for admins, privileged clients, members and anonymous callers, and the privileged client's app.</summary>
    internal static readonly FrozenDictionary<ChainRule, Rule> Rules = new Dictionary<ChainRule, Rule>
    {
        //                                                           Admin                      Privileged         Member      Anonymous  Privileged app
        [ChainRule.AdminParamOrPrivilegedOwn] =                 new(Source.Param,              Source.Own,        No,         No,        PrivilegedApp.Required),
        [ChainRule.AdminParamOrAppOrPrivilegedOwn] =            new(Source.ParamOrApp,         Source.Own,        No,         No,        PrivilegedApp.Required),
        [ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId] =  new(Source.Param,              Source.Own,        No,         No,        PrivilegedApp.UnlessUserId),
        [ChainRule.AdminOrPrivilegedParam] =                    new(Source.Param,              Source.Param,      No,         No,        PrivilegedApp.Required),
        [ChainRule.AdminParamOrPrivilegedParamOrOwn] =          new(Source.Param,              Source.ParamOrOwn, No,         No,        PrivilegedApp.Required),
        [ChainRule.AdminParamOrSessionChain] =                  new(Source.ParamOrSessionChain, No,               No,         No,        PrivilegedApp.Required),
        [ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn] =      new(Source.Param,              Source.Own,        Source.Own, No,        PrivilegedApp.Required, ParseFirst: true),
        [ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn] = new(Source.PermittedOrParam, Source.Own,        Source.Own, No,        PrivilegedApp.Required, ParseFirst: true),
        [ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn] = new(Source.ParamOrApp,         Source.Own,        Source.Own, No,        PrivilegedApp.Required, ParseFirst: true),
        [ChainRule.SignUp] =                                    new(Source.Param,              Source.Own,        No,         Source.App, PrivilegedApp.Required),
        [ChainRule.AdminOrPrivilegedRow] =                      new(Source.Row,                Source.Row,        No,         No,        PrivilegedApp.Required),
        [ChainRule.AnyRowAppWhenSent] =                         new(Source.Row,                Source.Row,        Source.Row, No,        PrivilegedApp.WhenSent),
        [ChainRule.AdminOrPrivilegedRowAppWhenSent] =           new(Source.Row,                Source.Row,        No,         No,        PrivilegedApp.WhenSent),
        [ChainRule.AdminParamOrPrivilegedOwnIfSame] =           new(Source.Param,              Source.OwnIfSame,  No,         No,        PrivilegedApp.Required),
        [ChainRule.ServicesSessionChain] =                      new(Source.ParamOrSessionChain, Source.ParamOrSessionChain, Source.Own, No, PrivilegedApp.WhenSent),
        [ChainRule.AdminRowAmongPermittedChains] =              new(Source.Row,                No,                No,         No,        PrivilegedApp.Required),
    }.ToFrozenDictionary();

    /// <summary>
    /// Whether a caller of this kind may make a call of <paramref name="rule"/>, before anything else is read (6, 424,
    /// 268, or the credential failure); the privileged client's app is checked later, by <see cref="Admit"/>.
    /// </summary>
    public static ApiFailure? AdmitKind(Caller caller, ChainRule rule) => caller.Require(Rules[rule].Callers);

    /// <summary>
    /// Whether the caller may make a call of <paramref name="rule"/> at all: its kind, then a privileged client's app.
    /// Anonymous callers that sent bad credentials get their credential failure, even where anonymous calls are allowed.
    /// </summary>
    public static ApiFailure? Admit(Caller caller, ChainRule rule, SpaazaParams? p = null)
    {
        var spec = Rules[rule];
        if (spec.For(caller.Kind) == Source.Refused || caller.CredentialFailure is not null)
        {
            if ((caller.Require(spec.Callers) ?? caller.CredentialFailure) is { } refused)
            {
                return refused;
            }
        }
        var checkApp = caller.IsPrivileged && spec.App switch
        {
            PrivilegedApp.WhenSent => caller.AppHeaderSent,
            PrivilegedApp.UnlessUserId => caller.AppHeaderSent || p is null || !p.HasValue("user_id"),
            _ => true,
        };
        return checkApp ? caller.CheckPrivilegedApp() : null;
    }

    /// <summary>
    /// The chain a call of <paramref name="rule"/> acts on, with <paramref name="permission"/> on it for admins and
    /// privileged clients (68); without a permission the handler checks it later (<see cref="Authorize"/>).
    /// Failures of <c>chain_id</c> (82, 83) are also recorded on <paramref name="p"/>, in the order the parameters are read.
    /// </summary>
    /// <param name="sessionChain">The Session-Chain-Id header, for <see cref="ChainRule.AdminParamOrSessionChain"/>.</param>
    public static Outcome<int> Resolve(Caller caller, SpaazaParams p, ChainRule rule, Permission? permission = null, int? sessionChain = null)
    {
        var spec = Rules[rule];
        int? sent = null;
        if (spec.ParseFirst)
        {
            sent = p.Int(ChainParam, ErrorCodes.ChainIdInvalid);
            if (p.Failure is { } failure)
            {
                return failure;
            }
        }
        if (Admit(caller, rule, p) is { } denied)
        {
            return denied;
        }
        var chain = FromSource(caller, p, spec, sent, sessionChain);
        if (chain.Failure is not null || permission is not { } needed || caller.Kind is not (CallerKind.Admin or CallerKind.Privileged))
        {
            return chain;
        }
        return Authorize(caller, chain.Value, needed) is { } forbidden ? forbidden : chain;
    }

    private static Outcome<int> FromSource(Caller caller, SpaazaParams p, Rule spec, int? sent, int? sessionChain)
    {
        switch (spec.For(caller.Kind))
        {
            case Source.Own:
                return caller.IsMember ? caller.User!.ChainId : caller.Client!.ChainId;
            case Source.App:
                return caller.App is { } app ? app.ChainId : ErrorCodes.NoMypriceApp;
            case Source.Param when spec.ParseFirst:
                return sent is { } given ? given : ErrorCodes.ChainIdRequired;
            case Source.Param:
                var required = p.RequiredInt(ChainParam, ErrorCodes.ChainIdRequired, ErrorCodes.ChainIdInvalid);
                return p.Failure is { } failure ? failure : required;
            case Source.ParamOrApp:
                // spec (get-user): chain_id with user_id, or the username with the app header.
                var sentOrParsed = spec.ParseFirst ? sent : p.Int(ChainParam, ErrorCodes.ChainIdInvalid);
                if (p.Failure is { } badParam)
                {
                    return badParam;
                }
                return (sentOrParsed ?? caller.App?.ChainId) is { } chainId ? chainId
                    : string.IsNullOrEmpty(p.Text("username")) ? ErrorCodes.ChainIdRequired : ErrorCodes.NoMypriceApp;
            case Source.OwnIfSame:
                var named = p.Int(ChainParam, ErrorCodes.ChainIdInvalid);
                if (p.Failure is { } badChain)
                {
                    return badChain;
                }
                return named is { } other && other != caller.Client!.ChainId ? ErrorCodes.PermissionDeniedOrNonExistent : caller.Client!.ChainId;
            case Source.ParamOrOwn:
            case Source.ParamOrSessionChain:
                var optional = spec.ParseFirst ? sent : p.Int(ChainParam, ErrorCodes.ChainIdInvalid);
                if (p.Failure is { } invalid)
                {
                    return invalid;
                }
                var fallback = spec.For(caller.Kind) == Source.ParamOrOwn ? caller.Client!.ChainId : sessionChain;
                return (optional ?? fallback) is { } found ? found : ErrorCodes.ChainIdRequired;
            case Source.PermittedOrParam:
                throw new InvalidOperationException("This rule takes the chain from the named member: use ChainScope.Candidates.");
            default:
                throw new InvalidOperationException("This rule takes the chain from a row: use ChainScope.OfRow or Authorize.");
        }
    }

    /// <summary>
    /// The chains in which the member a call of <paramref name="rule"/> names is looked for: the one chain of
    /// <see cref="Resolve"/>, or for <see cref="Source.PermittedOrParam"/> the chains on which the admin holds
    /// <paramref name="permission"/> (possibly none), narrowed by <c>chain_id</c> (83; 68 without the permission there).
    /// </summary>
    public static Outcome<int[]> Candidates(Caller caller, SpaazaParams p, ChainRule rule, Permission permission)
    {
        if (!SearchesPermittedChains(caller, rule))
        {
            var one = Resolve(caller, p, rule, permission);
            return one.Failure is { } failure ? failure : new[] { one.Value };
        }
        var sent = p.Int(ChainParam, ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } invalid)
        {
            return invalid;
        }
        if (Admit(caller, rule, p) is { } denied)
        {
            return denied;
        }
        if (sent is { } named)
        {
            return Authorize(caller, named, permission) is { } forbidden ? forbidden : new[] { named };
        }
        return ChainsWith(caller, permission).ToArray();
    }

    /// <summary>Whether a call of <paramref name="rule"/> by this caller looks for the member among several chains, so a member not found there is 68.</summary>
    public static bool SearchesPermittedChains(Caller caller, ChainRule rule) => Rules[rule].For(caller.Kind) == Source.PermittedOrParam;

    /// <summary><paramref name="permission"/> on the chain (admins: a permission row; privileged clients: their own chain), else 68.</summary>
    public static ApiFailure? Authorize(Caller caller, int chainId, Permission permission) =>
        caller.Can(permission, chainId) ? null : new ApiFailure(ErrorCodes.PermissionDeniedOrNonExistent);

    /// <summary>The chains on which the admin holds <paramref name="permission"/> chain-wide (none for other callers).</summary>
    public static IReadOnlyList<int> ChainsWith(Caller caller, Permission permission) =>
        caller.IsAdmin ? [.. caller.Permissions.Select(x => x.ChainId).Distinct().Where(c => caller.Can(permission, c))] : [];

    /// <summary>
    /// For a row of <paramref name="chainId"/>: <paramref name="hidden"/> when the caller may not even read that chain
    /// (other tenants' rows do not exist for it), 68 when it may read but lacks <paramref name="permission"/>.
    /// </summary>
    public static ApiFailure? OfRow(Caller caller, int chainId, Permission permission, ApiFailure hidden) =>
        !caller.Can(Permission.Read, chainId) ? hidden : Authorize(caller, chainId, permission);
}
