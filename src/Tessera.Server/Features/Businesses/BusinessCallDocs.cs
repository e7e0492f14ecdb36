using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Businesses;

/// <summary>The branch calls for the OpenAPI document (spec "alter-business").</summary>
public static class BusinessCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("add-business", "Add a branch to a chain", Credentials.Admin | Credentials.Privileged,
            [CommonParams.ChainId, Param.Text("name", "The branch's name.", required: true), .. CommonParams.BusinessFields]),
        new("alter-business", "Change a branch; fields sent empty are cleared", Credentials.Admin | Credentials.Privileged,
            [Param.Int("business_id", "The branch.", required: true), Param.Text("name", "The branch's name."), .. CommonParams.BusinessFields]),
        new("get-businesses", "A chain's branches", Credentials.Admin | Credentials.Privileged, CommonParams.ChainId),
    ];
}
