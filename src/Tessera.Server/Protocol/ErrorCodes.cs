namespace Tessera.Server.Protocol;

public static partial class ErrorCodes
{
    /// <summary>Not in the spec's table: an URL that names no endpoint. HTTP 404 keeps clients from retrying.</summary>
    public static readonly ApiError EndpointNotFound = new(0, "endpoint_not_found", "No API endpoint exists at this URL.", 404);

    /// <summary>
    /// A request body over <c>Tessera:Limits:MaxBodyBytes</c>: the catalogue's closest code (417
    /// string_parameter_too_long) with HTTP 413, the status every HTTP client knows for it.
    /// </summary>
    public static readonly ApiError RequestTooLarge = new(417, "string_parameter_too_long", "One of the parameters passed is too long", 413);

    public static ApiError? Find(int code) => Index.ByCode.GetValueOrDefault(code);

    // Nested so it is built after the generated fields of the other part of this class are.
    private static class Index
    {
        public static readonly Dictionary<int, ApiError> ByCode = All.ToDictionary(e => e.Code);
    }
}
