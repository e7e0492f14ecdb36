namespace Tessera.Server.Features.Members;

/// <summary>What user_info shows of other rows: the referrer and the stores.</summary>
public sealed record MemberRelations(ReferringUser? ReferringUser, SignupStore? SignupStore, HomeStore? HomeStore)
{
    public static readonly MemberRelations None = new(null, null, null);
}
