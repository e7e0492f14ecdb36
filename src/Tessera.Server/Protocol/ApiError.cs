using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>One row of the spec's error and warning catalogue.</summary>
public sealed record ApiError(int Code, string Name, string Description, int HttpStatus)
{
    /// <summary>
    /// The HTTP status Tessera answers: the table's, except where the table gives a 5xx to an error about the request
    /// (82 chain_id_required, 16 business_id_not_present, 96 gender_value_error…): that is 400, and 68
    /// permission_denied_or_non_existent 403, so clients never retry a refusal as a server fault. The code in the
    /// envelope stays the table's. Only 330 server_error, a real fault, is 500 (docs/spec-choices.md, "HTTP statuses").
    /// </summary>
    public int AnsweredStatus => HttpStatus < 500 || Code == ServerErrorCode ? HttpStatus : Code == PermissionDeniedCode ? 403 : 400;

    private const int ServerErrorCode = 330;
    private const int PermissionDeniedCode = 68;

    public ApiFailure With(string message) => new(this, JsonValue.Create(message));

    public ApiFailure With(JsonNode message) => new(this, message);
}
