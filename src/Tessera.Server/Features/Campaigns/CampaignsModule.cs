using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// The Campaigns feature's services and routes: the campaign calls, interact-campaign, the loyalty programme
/// (alter-loyalty-level and the scheduled review), the scheduled birthday campaigns, campaign rewards and progress, and the vouchers campaigns issue.
/// </summary>
public static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services) =>
        services
            .AddScoped<CampaignService>()
            .AddSingleton<CampaignCatalogue>()
            .AddScoped<CampaignRewards>()
            .AddScoped<CampaignProgressService>()
            .AddScoped<CampaignVoucherIssuer>()
            .AddScoped<LoyaltyService>()
            .AddScheduledJob<LoyaltyReviewJob>()
            .AddScheduledJob<BirthdayCampaignJob>();

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder app) =>
        app.MapCampaignEndpoints()
            .MapInteractionEndpoints()
            .MapLoyaltyLevelEndpoints();
}
