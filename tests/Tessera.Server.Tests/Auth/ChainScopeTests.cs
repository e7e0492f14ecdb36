using Tessera.Server.Auth;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Tests.Auth;

/// <summary>
/// The chain rules as a table: who calls (and with which permission on chain 1), the chain_id sent, the app header,
/// other parameters → the chain the call acts on, or the error code. Pure: no database, no HTTP; the HTTP tests of
/// each endpoint cover the chains taken from rows (members, vouchers, notes, wallets).
/// </summary>
public sealed class ChainScopeTests
{
    private const int Own = 1;
    private const int Other = 2;

    public enum Who
    {
        /// <summary>An admin with read, write, assign and delete on chain 1.</summary>
        AdminAll,

        /// <summary>An admin with read only on chain 1.</summary>
        AdminReader,

        /// <summary>An admin without any permission.</summary>
        AdminNone,

        /// <summary>The privileged client of chain 1.</summary>
        Privileged,

        /// <summary>A member of chain 1.</summary>
        Member,

        Anonymous,

        /// <summary>Nobody signed in, with an invalid bearer token (266).</summary>
        AnonymousBadToken,
    }

    public enum AppHeader
    {
        None,
        Own,
        Other,

        /// <summary>Sent, naming no known app.</summary>
        Unknown,
    }

    private static Caller CallerOf(Who who, AppHeader header)
    {
        App? app = header switch
        {
            AppHeader.Own => new App { Id = 10, ChainId = Own, Hostname = "own.example", Name = "Own" },
            AppHeader.Other => new App { Id = 20, ChainId = Other, Hostname = "other.example", Name = "Other" },
            _ => null,
        };
        var sent = header != AppHeader.None;
        var admin = new User { Id = 100, IsAdmin = true, Username = "admin@example.com", UsernameNormalized = "admin@example.com" };
        return who switch
        {
            Who.AdminAll => new Caller
            {
                Kind = CallerKind.Admin, User = admin, App = app, AppHeaderSent = sent,
                Permissions = [new AdminPermission { UserId = admin.Id, ChainId = Own, CanRead = true, CanWrite = true, CanAssign = true, CanDelete = true }],
            },
            Who.AdminReader => new Caller
            {
                Kind = CallerKind.Admin, User = admin, App = app, AppHeaderSent = sent,
                Permissions = [new AdminPermission { UserId = admin.Id, ChainId = Own, CanRead = true }],
            },
            Who.AdminNone => new Caller { Kind = CallerKind.Admin, User = admin, App = app, AppHeaderSent = sent },
            Who.Privileged => new Caller
            {
                Kind = CallerKind.Privileged, App = app, AppHeaderSent = sent,
                Client = new ApiClient { Id = 7, ChainId = Own, KeyId = "till", SecretHash = "", Name = "Till" },
            },
            Who.Member => new Caller
            {
                Kind = CallerKind.Member, App = app, AppHeaderSent = sent,
                User = new User { Id = 200, ChainId = Own, Username = "member@example.com", UsernameNormalized = "member@example.com" },
            },
            Who.AnonymousBadToken => new Caller { Kind = CallerKind.Anonymous, App = app, AppHeaderSent = sent, CredentialFailure = ErrorCodes.AccessTokenInvalid },
            _ => new Caller { Kind = CallerKind.Anonymous, App = app, AppHeaderSent = sent },
        };
    }

    /// <summary>chain_id (null: not sent) and "name=value" pairs separated by '&amp;'.</summary>
    private static SpaazaParams ParamsOf(string? chainId, string? extra)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (chainId is not null)
        {
            values.Add(new("chain_id", chainId));
        }
        foreach (var pair in (extra ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            values.Add(new(parts[0], parts[1]));
        }
        return SpaazaParams.From(values);
    }

    [Theory]
    // alter-user, export: admin chain_id (82 missing, 76 invalid, 68 without the permission); privileged: its own, with its app.
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminAll, "1", AppHeader.None, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminAll, null, AppHeader.Own, null, Permission.Assign, null, 82)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminAll, "x", AppHeader.None, null, Permission.Assign, null, 76)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminAll, "2", AppHeader.None, null, Permission.Assign, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.None, null, Permission.Write, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.None, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AdminNone, "1", AppHeader.None, null, Permission.Read, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, null, AppHeader.Own, null, Permission.Delete, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, "2", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, "x", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, null, AppHeader.None, null, Permission.Write, null, 269)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, null, AppHeader.Unknown, null, Permission.Write, null, 269)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Privileged, null, AppHeader.Other, null, Permission.Write, null, 312)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Member, "1", AppHeader.Own, null, Permission.Write, null, 424)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.Anonymous, "1", AppHeader.Own, null, Permission.Write, null, 6)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwn, Who.AnonymousBadToken, "1", AppHeader.Own, null, Permission.Write, null, 266)]
    // delete-user: a privileged client naming the member by user_id may leave the app header out, but not name another chain's.
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Who.Privileged, null, AppHeader.None, "user_id=5", Permission.Delete, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Who.Privileged, null, AppHeader.None, "member_number=5", Permission.Delete, null, 269)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Who.Privileged, null, AppHeader.Other, "user_id=5", Permission.Delete, null, 312)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Who.AdminAll, "1", AppHeader.None, "user_id=5", Permission.Delete, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnAppUnlessUserId, Who.AdminReader, "1", AppHeader.None, "user_id=5", Permission.Delete, null, 68)]
    // add-business, get-businesses: chain_id for privileged clients too; another chain is refused by the permission.
    [InlineData(ChainRule.AdminOrPrivilegedParam, Who.Privileged, "1", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminOrPrivilegedParam, Who.Privileged, "2", AppHeader.Own, null, Permission.Write, null, 68)]
    [InlineData(ChainRule.AdminOrPrivilegedParam, Who.Privileged, null, AppHeader.Own, null, Permission.Write, null, 82)]
    [InlineData(ChainRule.AdminOrPrivilegedParam, Who.AdminAll, "x", AppHeader.None, null, Permission.Write, null, 76)]
    // get-vouchers: a privileged client's chain_id is optional.
    [InlineData(ChainRule.AdminParamOrPrivilegedParamOrOwn, Who.Privileged, null, AppHeader.Own, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedParamOrOwn, Who.Privileged, "2", AppHeader.Own, null, Permission.Read, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedParamOrOwn, Who.Privileged, "x", AppHeader.Own, null, Permission.Read, null, 76)]
    [InlineData(ChainRule.AdminParamOrPrivilegedParamOrOwn, Who.AdminReader, null, AppHeader.None, null, Permission.Read, null, 82)]
    [InlineData(ChainRule.AdminParamOrPrivilegedParamOrOwn, Who.AdminReader, "1", AppHeader.None, null, Permission.Read, Own, null)]
    // search/users: admins only; chain_id, else the Session-Chain-Id header.
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.AdminReader, "1", AppHeader.None, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.AdminReader, null, AppHeader.None, "session=1", Permission.Read, Own, null)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.AdminReader, null, AppHeader.None, "session=2", Permission.Read, null, 68)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.AdminReader, null, AppHeader.None, null, Permission.Read, null, 82)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.AdminReader, "x", AppHeader.None, "session=1", Permission.Read, null, 76)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.Privileged, "1", AppHeader.Own, null, Permission.Read, null, 424)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.Member, "1", AppHeader.Own, null, Permission.Read, null, 424)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.Anonymous, "1", AppHeader.None, null, Permission.Read, null, 6)]
    // Member-facing calls: chain_id is read (76) before the caller is checked; a member acts on its own chain.
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Member, null, AppHeader.Own, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Member, "2", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Member, "x", AppHeader.Own, null, Permission.Read, null, 76)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Anonymous, "x", AppHeader.None, null, Permission.Read, null, 76)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Anonymous, null, AppHeader.None, "user_id=x", Permission.Read, null, 154)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Anonymous, null, AppHeader.Own, null, Permission.Read, null, 6)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.AdminReader, null, AppHeader.Own, null, Permission.Read, null, 82)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.AdminReader, "2", AppHeader.None, null, Permission.Read, null, 68)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.None, null, Permission.Write, null, 68)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Privileged, "2", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.Privileged, null, AppHeader.None, null, Permission.Read, null, 269)]
    // get-user: an admin without chain_id acts on the app header's chain.
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.AdminReader, null, AppHeader.Own, "username=a@example.com", Permission.Read, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.Other, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.AdminReader, null, AppHeader.Other, null, Permission.Read, null, 68)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.AdminReader, null, AppHeader.None, "username=a@example.com", Permission.Read, null, 269)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.AdminReader, null, AppHeader.None, "user_id=5", Permission.Read, null, 82)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.Member, null, AppHeader.Own, null, Permission.Read, Own, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrAppOrPrivilegedOwn, Who.Privileged, null, AppHeader.Other, null, Permission.Read, null, 312)]
    // alter-user: an admin without chain_id acts on the app header's chain (a username names a member within a chain).
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, null, AppHeader.Own, "username=a@example.com", Permission.Assign, Own, null)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, "1", AppHeader.Other, "username=a@example.com", Permission.Assign, Own, null)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, null, AppHeader.Other, "username=a@example.com", Permission.Assign, null, 68)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, null, AppHeader.None, "username=a@example.com", Permission.Assign, null, 269)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, null, AppHeader.None, "user_id=5", Permission.Assign, null, 82)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminAll, "x", AppHeader.Own, null, Permission.Assign, null, 76)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.None, "user_id=5", Permission.Assign, null, 68)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.Privileged, "2", AppHeader.Own, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.Privileged, null, AppHeader.None, null, Permission.Assign, null, 269)]
    [InlineData(ChainRule.AdminParamOrAppOrPrivilegedOwn, Who.Member, "1", AppHeader.Own, null, Permission.Assign, null, 424)]
    // add-user: nobody signed in signs up with the app's chain; bad credentials are never a sign-up.
    [InlineData(ChainRule.SignUp, Who.Anonymous, null, AppHeader.Own, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.SignUp, Who.Anonymous, "2", AppHeader.Own, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.SignUp, Who.Anonymous, null, AppHeader.None, null, Permission.Assign, null, 269)]
    [InlineData(ChainRule.SignUp, Who.Anonymous, null, AppHeader.Unknown, null, Permission.Assign, null, 269)]
    [InlineData(ChainRule.SignUp, Who.AnonymousBadToken, null, AppHeader.Own, null, Permission.Assign, null, 266)]
    [InlineData(ChainRule.SignUp, Who.Member, null, AppHeader.Own, null, Permission.Assign, null, 424)]
    [InlineData(ChainRule.SignUp, Who.AdminAll, "1", AppHeader.None, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.SignUp, Who.AdminReader, "1", AppHeader.None, null, Permission.Assign, null, 68)]
    [InlineData(ChainRule.SignUp, Who.AdminAll, null, AppHeader.Own, null, Permission.Assign, null, 82)]
    [InlineData(ChainRule.SignUp, Who.Privileged, "2", AppHeader.Own, null, Permission.Assign, Own, null)]
    [InlineData(ChainRule.SignUp, Who.Privileged, null, AppHeader.Other, null, Permission.Assign, null, 312)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.AdminAll, "1", AppHeader.None, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.AdminAll, null, AppHeader.None, null, Permission.Write, null, 82)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.AdminReader, "1", AppHeader.None, null, Permission.Write, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Privileged, null, AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Privileged, "1", AppHeader.Own, null, Permission.Write, Own, null)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Privileged, "2", AppHeader.Own, null, Permission.Write, null, 68)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Privileged, "x", AppHeader.Own, null, Permission.Write, null, 76)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Privileged, null, AppHeader.None, null, Permission.Write, null, 269)]
    [InlineData(ChainRule.AdminParamOrPrivilegedOwnIfSame, Who.Member, "1", AppHeader.Own, null, Permission.Write, null, 424)]
    public void Resolves_the_chain_or_the_error_of_today(
        ChainRule rule, Who who, string? chainId, AppHeader app, string? extra, Permission permission, int? expectedChain, int? expectedCode)
    {
        var caller = CallerOf(who, app);
        var sessionChain = extra is { } e && e.StartsWith("session=", StringComparison.Ordinal) ? int.Parse(e["session=".Length..], System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var p = ParamsOf(chainId, sessionChain is null ? extra : null);
        if (rule is ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn)
        {
            // As MemberAccess.TargetMemberAsync: the member's identifiers are read first.
            p.Int("user_id", ErrorCodes.UserIdInvalid);
        }

        var chain = ChainScope.Resolve(caller, p, rule, permission, sessionChain);

        Assert.Equal(expectedCode, chain.Failure?.Error.Code);
        if (expectedChain is { } expected)
        {
            Assert.Equal(expected, chain.Value);
        }
    }

    [Theory]
    // create-voucher: an admin's chain is the named member's, among the chains where it holds the permission; chain_id narrows.
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminAll, null, AppHeader.None, new[] { Own }, null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminAll, "1", AppHeader.None, new[] { Own }, null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminAll, "2", AppHeader.None, null, 68)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminAll, "x", AppHeader.None, null, 76)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminReader, null, AppHeader.None, new int[0], null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminReader, "1", AppHeader.None, null, 68)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.AdminNone, null, AppHeader.Own, new int[0], null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Member, "2", AppHeader.Own, new[] { Own }, null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Member, "x", AppHeader.Own, null, 76)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Privileged, "2", AppHeader.Own, new[] { Own }, null)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Privileged, null, AppHeader.None, null, 269)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Privileged, null, AppHeader.Other, null, 312)]
    [InlineData(ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn, Who.Anonymous, null, AppHeader.Own, null, 6)]
    // The single-chain rules give their one chain.
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.AdminAll, "1", AppHeader.None, new[] { Own }, null)]
    [InlineData(ChainRule.MemberOwnOrAdminParamOrPrivilegedOwn, Who.AdminAll, null, AppHeader.None, null, 82)]
    public void Candidate_chains_of_a_member_named_by_the_call(ChainRule rule, Who who, string? chainId, AppHeader app, int[]? expectedChains, int? expectedCode)
    {
        var caller = CallerOf(who, app);

        var chains = ChainScope.Candidates(caller, ParamsOf(chainId, null), rule, Permission.Write);

        Assert.Equal(expectedCode, chains.Failure?.Error.Code);
        if (expectedChains is not null)
        {
            Assert.Equal(expectedChains, chains.Value);
        }
        Assert.Equal(rule == ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn && who is Who.AdminAll or Who.AdminReader or Who.AdminNone,
            ChainScope.SearchesPermittedChains(caller, rule));
    }

    [Theory]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.AdminNone, AppHeader.None, null)]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.Privileged, AppHeader.Own, null)]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.Privileged, AppHeader.None, 269)]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.Privileged, AppHeader.Other, 312)]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.Member, AppHeader.Own, 424)]
    [InlineData(ChainRule.AdminOrPrivilegedRow, Who.Anonymous, AppHeader.None, 6)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.Member, AppHeader.Own, null)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.Privileged, AppHeader.None, null)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.Privileged, AppHeader.Unknown, 269)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.Privileged, AppHeader.Other, 312)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.Anonymous, AppHeader.Own, 6)]
    [InlineData(ChainRule.AnyRowAppWhenSent, Who.AnonymousBadToken, AppHeader.Own, 266)]
    [InlineData(ChainRule.AdminOrPrivilegedRowAppWhenSent, Who.Member, AppHeader.Own, 424)]
    [InlineData(ChainRule.AdminOrPrivilegedRowAppWhenSent, Who.AdminNone, AppHeader.Other, null)]
    [InlineData(ChainRule.AdminParamOrSessionChain, Who.Privileged, AppHeader.Own, 424)]
    [InlineData(ChainRule.SignUp, Who.Anonymous, AppHeader.None, null)]
    [InlineData(ChainRule.AdminRowAmongPermittedChains, Who.AdminNone, AppHeader.None, null)]
    [InlineData(ChainRule.AdminRowAmongPermittedChains, Who.Privileged, AppHeader.Own, 424)]
    [InlineData(ChainRule.AdminRowAmongPermittedChains, Who.Member, AppHeader.Own, 424)]
    [InlineData(ChainRule.AdminRowAmongPermittedChains, Who.Anonymous, AppHeader.None, 6)]
    public void Admits_callers_by_kind_and_privileged_app(ChainRule rule, Who who, AppHeader app, int? expectedCode)
    {
        Assert.Equal(expectedCode, ChainScope.Admit(CallerOf(who, app), rule)?.Error.Code);
    }

    [Theory]
    [InlineData(Who.AdminAll, Own, null)]
    [InlineData(Who.AdminReader, Own, 68)]
    [InlineData(Who.AdminNone, Own, 413)]
    [InlineData(Who.AdminAll, Other, 413)]
    [InlineData(Who.Privileged, Own, null)]
    [InlineData(Who.Privileged, Other, 413)]
    public void A_row_of_a_chain_the_caller_cannot_read_is_hidden(Who who, int rowChain, int? expectedCode)
    {
        var hidden = new ApiFailure(ErrorCodes.CampaignNotFound);

        Assert.Equal(expectedCode, ChainScope.OfRow(CallerOf(who, AppHeader.Own), rowChain, Permission.Write, hidden)?.Error.Code);
    }

    [Fact]
    public void Without_a_permission_the_chain_is_resolved_and_the_check_left_to_the_handler()
    {
        var caller = CallerOf(Who.AdminNone, AppHeader.None);

        var chain = ChainScope.Resolve(caller, ParamsOf("1", null), ChainRule.AdminParamOrPrivilegedParamOrOwn);

        Assert.Equal(Own, chain.Value);
        Assert.Equal(68, ChainScope.Authorize(caller, chain.Value, Permission.Read)?.Error.Code);
    }

    [Fact]
    public void A_missing_chain_id_is_recorded_on_the_parameters_in_reading_order()
    {
        var p = ParamsOf(null, "page=x");

        var chain = ChainScope.Resolve(CallerOf(Who.AdminAll, AppHeader.None), p, ChainRule.AdminParamOrPrivilegedParamOrOwn);
        p.Int("page", ErrorCodes.ParameterSuppliedNotInteger);

        Assert.Equal(82, chain.Failure?.Error.Code);
        Assert.Equal(82, p.Failure?.Error.Code);
    }

    [Theory]
    [InlineData(Who.AdminAll, Permission.Write, new[] { Own })]
    [InlineData(Who.AdminReader, Permission.Write, new int[0])]
    [InlineData(Who.AdminReader, Permission.Read, new[] { Own })]
    [InlineData(Who.Privileged, Permission.Read, new int[0])]
    public void An_admin_s_permitted_chains_are_those_of_its_chain_wide_rows(Who who, Permission permission, int[] expected)
    {
        Assert.Equal(expected, ChainScope.ChainsWith(CallerOf(who, AppHeader.None), permission));
    }

    [Fact]
    public void Every_rule_is_in_the_table()
    {
        Assert.All(Enum.GetValues<ChainRule>(), rule => Assert.True(ChainScope.Rules.ContainsKey(rule), rule.ToString()));
    }
}
