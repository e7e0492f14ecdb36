namespace Tessera.Server.Features.Members;

/// <summary>The loyalty_status object of the samples (points in the programme's points wallet).</summary>
public sealed record LoyaltyStatus(
    int CampaignId,
    string Name,
    string? Description,
    int LoyaltyLevelId,
    decimal PointsBalanceCurrent,
    decimal PointsToProceedNextLevel,
    decimal PointsToRemainCurrentLevel,
    decimal MaintenancePointsLevel,
    string? LastReviewDate,
    string? NextReviewDate,
    string? DateReached);
