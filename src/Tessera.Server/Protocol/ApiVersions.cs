namespace Tessera.Server.Protocol;

/// <summary>The answers that depend on the client's <c>X-Spaaza-API-version</c>: one entry each in <see cref="ApiVersions.Since"/>.</summary>
public enum VersionedAnswer
{
    /// <summary>From 1.4.0 one <c>error</c> object; below, the legacy <c>errors</c> object keyed by code.</summary>
    ErrorObject,

    /// <summary>From 1.4.1 user-wallet-ledger dates are ISO-8601 with offset; below, <c>YYYY-MM-DD HH:MM:SS</c>.</summary>
    LedgerIsoDates,

    /// <summary>From 1.4.2 get-vouchers names its array <c>vouchers</c>; below, <c>basket_vouchers</c>.</summary>
    VouchersArray,
}

/// <summary>
/// Every version-dependent answer and the version from which its current form applies. A request without a
/// (parsable) version header gets the current form, except errors, which then carry both forms (see
/// <see cref="Spaaza.WriteErrorAsync"/>).
/// Not listed because Tessera answers them the same for every version: 1.4.1's URL forms (spec L218-222: with
/// or without <c>v1/</c>, <c>.json</c>, <c>.php</c>, all accepted always), and 1.1.8's basket and lock-voucher
/// names (spec L229-238: the names before 1.1.8 are not documented).
/// </summary>
public static class ApiVersions
{
    public static ApiVersion Since(VersionedAnswer answer) => answer switch
    {
        VersionedAnswer.ErrorObject => new(1, 4, 0),    // spec L223-228, L294-295
        VersionedAnswer.LedgerIsoDates => new(1, 4, 1), // spec L3502-3506 (user-wallet-ledger)
        VersionedAnswer.VouchersArray => new(1, 4, 2),  // spec L3209-3213 (get-vouchers)
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
    };

    /// <summary>True when the client gets the current form of <paramref name="answer"/>: no version header, or one from its version on.</summary>
    public static bool Current(HttpRequest request, VersionedAnswer answer) => Current(ApiVersion.Of(request), answer);

    public static bool Current(ApiVersion? requested, VersionedAnswer answer) => requested is not { } version || version >= Since(answer);

    /// <summary>True when the client asked for a version below the one of <paramref name="answer"/>.</summary>
    public static bool Legacy(ApiVersion? requested, VersionedAnswer answer) => requested is { } version && version < Since(answer);
}
