namespace Tessera.Server.Features.Events;

/// <summary>Domain event names, as the webhooks feature will deliver them.</summary>
public static class EventTypes
{
    public const string MemberCreated = "member.created";
    public const string MemberOptInChanged = "member.opt_in_changed";
    public const string MemberLoyaltyLevelChanged = "member.loyalty_level_changed";
    public const string MemberDeleted = "member.deleted";
}
