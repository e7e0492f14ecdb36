namespace Tessera.Domain.Campaigns;

/// <summary>A rule of a loyalty campaign (spec get-card sample: loyalty_rules).</summary>
public sealed record RuleDefinition(int Id, string Type, string Action, string Direction, long? ThresholdCents, int? LevelId, long ActionAmountCents, bool Repeatable, int? OperandCampaignId);
