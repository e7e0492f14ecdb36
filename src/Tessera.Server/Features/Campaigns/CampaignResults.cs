using System.Text.Json.Nodes;

namespace Tessera.Server.Features.Campaigns;

public sealed record CampaignResults(JsonObject Campaign);

public sealed record CampaignListResults(List<JsonObject> Campaigns);
