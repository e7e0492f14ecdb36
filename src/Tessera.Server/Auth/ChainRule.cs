namespace Tessera.Server.Auth;

/// <summary>How a call finds the chain (tenant) it acts on; <see cref="ChainScope"/> holds the rule of each.</summary>
public enum ChainRule
{
    /// <summary>Admin: <c>chain_id</c> (82, 83). Privileged: its own chain with its app (269, 312). export.</summary>
    AdminParamOrPrivilegedOwn,

    /// <summary>
    /// As <see cref="AdminParamOrPrivilegedOwn"/>, but an admin without <c>chain_id</c> acts on the app header's chain
    /// (269 when a username names the member, 82 otherwise). alter-user.
    /// </summary>
    AdminParamOrAppOrPrivilegedOwn,

    /// <summary>As <see cref="AdminParamOrPrivilegedOwn"/>, but a privileged client naming the member by user_id may leave the app header out. delete-user.</summary>
    AdminParamOrPrivilegedOwnAppUnlessUserId,

    /// <summary>Admin and privileged alike: <c>chain_id</c> (82, 83); the permission refuses another chain (68). add-business, get-businesses.</summary>
    AdminOrPrivilegedParam,

    /// <summary>Admin: <c>chain_id</c> (82, 83). Privileged: <c>chain_id</c> (83), else its own chain. get-vouchers.</summary>
    AdminParamOrPrivilegedParamOrOwn,

    /// <summary>Admins only: <c>chain_id</c> (83), else the <c>Session-Chain-Id</c> header, else 82. search/users.</summary>
    AdminParamOrSessionChain,

    /// <summary>
    /// Member-facing calls: <c>chain_id</c> is read (83) before anything else; a member acts on its own chain, an admin on
    /// <c>chain_id</c> (82), a privileged client on its own (with its app). user-wallet-ledger, create-voucher, get-card, ….
    /// </summary>
    MemberOwnOrAdminParamOrPrivilegedOwn,

    /// <summary>
    /// As <see cref="MemberOwnOrAdminParamOrPrivilegedOwn"/>, but an admin need not send <c>chain_id</c>: the chain is the
    /// named member's, looked for among the chains where the admin holds the permission (<see cref="ChainScope.Candidates"/>;
    /// <c>chain_id</c> narrows them, 83 invalid, 68 without the permission). Calls whose parameter table has no
    /// <c>chain_id</c>: create-voucher.
    /// </summary>
    MemberOwnOrAdminMemberChainOrPrivilegedOwn,

    /// <summary>As <see cref="MemberOwnOrAdminParamOrPrivilegedOwn"/>, but an admin without <c>chain_id</c> acts on the app header's chain (else 269 when a username names the member, 82 otherwise). get-user.</summary>
    MemberOwnOrAdminParamOrAppOrPrivilegedOwn,

    /// <summary>Admin: <c>chain_id</c> (82, 83). Privileged: its own with its app. Nobody signed in: the app header's chain (269). Members: 424. add-user.</summary>
    SignUp,

    /// <summary>Admins and privileged clients (with their app); the chain is the one of the row the call names (<see cref="ChainScope.OfRow"/>). Notes, add-user-purchase-progress, alter-business.</summary>
    AdminOrPrivilegedRow,

    /// <summary>Members, admins and privileged clients (whose app, when sent, must be of their chain); the chain is the row's. Voucher state changes.</summary>
    AnyRowAppWhenSent,

    /// <summary>As <see cref="AnyRowAppWhenSent"/> for admins and privileged clients only. unlock-voucher.</summary>
    AdminOrPrivilegedRowAppWhenSent,

    /// <summary>
    /// Admin: <c>chain_id</c> (82, 83). Privileged: its own chain (with its app); a <c>chain_id</c> of another chain is
    /// 68. add-campaign (whose <c>chain_id</c> is in the JSON body).
    /// </summary>
    AdminParamOrPrivilegedOwnIfSame,

    /// <summary>
    /// Admins only; the chain is the named row's, looked for among the chains the admin holds the permission on
    /// (<see cref="ChainScope.ChainsWith"/>), optionally narrowed by <c>chain_id</c>. alter-loyalty-level.
    /// </summary>
    AdminRowAmongPermittedChains,

    /// <summary>
    /// The services calls (receipts): a member acts on its own chain; an admin (read permission, 68) and a privileged
    /// client (its own chain, 68; the app header only checked when sent) on the <c>Session-Chain-Id</c> header's chain.
    /// </summary>
    ServicesSessionChain,
}
