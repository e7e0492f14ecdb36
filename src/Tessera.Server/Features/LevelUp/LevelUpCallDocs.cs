using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.LevelUp;

/// <summary>LevelUp's calls for the OpenAPI document: JSON bodies wrapped in their object name, LevelUp's answers and errors.</summary>
public static class LevelUpCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("access_tokens", "A merchant token for an admin of the chain (LevelUp)", Credentials.None,
            new Param("access_token", "object", "{api_key: the privileged key, username, password: an admin's}.", Required: true))
        {
            Body = CallBody.Json,
            Produces = "application/json",
            RequestExample = """{"access_token":{"api_key":"52376ac8…:21ca6d5a…","username":"admin@acme.test","password":"secret123"}}""",
            ResultExample = """{"access_token":{"merchant_id":1,"token":"…","user_id":1}}""",
        },
        new("progress_adjustments", "Adjust a member's progress on an item-, visit- or spend-based progress campaign (LevelUp)", Credentials.LevelUpMerchant,
            new Param("progress_adjustment", "object", "{adjustment: integer, campaign_id, user_id or email, audit_comment, suppress_email}.", Required: true))
        {
            Body = CallBody.Json,
            Produces = "application/json",
            RequestExample = """{"progress_adjustment":{"adjustment":2,"campaign_id":3,"user_id":2,"audit_comment":"Goodwill"}}""",
        },
    ];
}
