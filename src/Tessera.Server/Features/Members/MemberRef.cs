namespace Tessera.Server.Features.Members;

/// <summary>How a call names a member; which names are tried, in which order, is the call's rule.</summary>
public sealed record MemberRef(int? UserId = null, string? Username = null, string? MemberNumber = null, string? AuthenticationPointIdentifier = null)
{
    public bool IsEmpty => UserId is null && Username is null && MemberNumber is null && AuthenticationPointIdentifier is null;

    /// <summary>Whether the identifier of that parameter name was sent.</summary>
    public bool Has(string identifier) => identifier switch
    {
        "user_id" => UserId is not null,
        "username" => Username is not null,
        "member_number" => MemberNumber is not null,
        "authentication_point_identifier" => AuthenticationPointIdentifier is not null,
        _ => false,
    };
}
