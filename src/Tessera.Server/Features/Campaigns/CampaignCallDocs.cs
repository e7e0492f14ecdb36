using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Campaigns;

/// <summary>The campaign calls for the OpenAPI document: JSON campaign objects with the field names of the spec's samples.</summary>
public static class CampaignCallDocs
{
    /// <summary>The campaign object's settable fields, from <see cref="CampaignFields"/> (one table for checking and documenting).</summary>
    private static Param[] Fields(params Param[] first) =>
        [.. first, .. CampaignFields.Described.Where(f => first.All(p => p.Name != f.Name))
            .Select(f => new Param(f.Name, f.JsonType, "A field of the campaign object (see the spec's campaign samples)."))];

    private static readonly CallDoc AlterLoyaltyLevel = new("alter-user-loyalty-level", "Put a member on a loyalty level by hand", Credentials.Admin | Credentials.Privileged,
        Param.Int("user_id", "The member."), Param.Text("member_number", "The member, by number."),
        Param.Int("loyalty_level_id", "The level.", required: true), CommonParams.ChainId);

    public static IEnumerable<CallDoc> All =>
    [
        new("add-campaign", "Add a campaign: a wallet, points, cashback, signup, referral, birthday, loyalty or progress campaign", Credentials.Admin | Credentials.Privileged,
            Fields(CommonParams.ChainId, Param.Text("type", "The campaign type.", required: true), Param.Text("title", "The title.", required: true)))
        {
            Body = CallBody.Json,
            RequestExample = """{"chain_id":1,"type":"cashback","title":"Store Rewards","earn_percentage":10,"recipient_campaign_id":1}""",
        },
        new("alter-campaign", "Change a campaign's fields", Credentials.Admin | Credentials.Privileged,
            Fields(Param.Int("campaign_id", "The campaign (also as id, or in the query string).", required: true)))
        {
            Body = CallBody.Json,
            RequestExample = """{"campaign_id":2,"earn_percentage":12.5}""",
        },
        new("get-campaigns", "A chain's campaigns", Credentials.Admin | Credentials.Privileged,
            CommonParams.ChainId, Param.Text("type", "Only this type."), Param.Flag("active", "Only active (true) or inactive (false) ones.")),
        new("get-campaign", "One campaign", Credentials.Admin | Credentials.Privileged, Param.Int("campaign_id", "The campaign.", required: true)),
        new("delete-campaign", "Delete a campaign", Credentials.Admin | Credentials.Privileged, Param.Int("campaign_id", "The campaign.", required: true)),
        new("interact-campaign", "A member interacts with a campaign (e.g. joins a programme or scans a code)", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            [Param.Int("campaign_id", "The campaign.", required: true), .. CommonParams.Member, CommonParams.ChainId]),
        AlterLoyaltyLevel,
        AlterLoyaltyLevel with { Name = "alter-user-loyalty-level-by-call-name", Summary = AlterLoyaltyLevel.Summary + " (the call's name as its path)" },
    ];
}
