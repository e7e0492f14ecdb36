namespace Tessera.Server.Features.ApiReference;

/// <summary>Who may make a call (spec "Authentication"), as the OpenAPI document's security requirements.</summary>
[Flags]
public enum Credentials
{
    /// <summary>Anyone: no credential.</summary>
    None = 0,

    /// <summary>A member's session: <c>session-user-id</c> and <c>session-key</c> headers, with the app hostname.</summary>
    Member = 1,

    /// <summary>An admin's session: <c>session-user-id</c> and <c>session-key</c> headers.</summary>
    Admin = 2,

    /// <summary>A privileged client: <c>Authorization: Bearer ID:SECRET</c>, usually with the app hostname.</summary>
    Privileged = 4,

    /// <summary>Anonymous through the app: the <c>X-MyPrice-App-Hostname</c> header names the chain.</summary>
    App = 8,

    /// <summary>LevelUp: <c>Authorization: token merchant="…"</c> from <c>POST /v15/access_tokens</c>.</summary>
    LevelUpMerchant = 16,
}
