using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>
/// A warning returned beside the results of a successful call (spec: "Warnings", L253-276). Its <c>message</c> is
/// an object naming what the warning is about, as in the spec's sample (<c>{"key": "&lt;voucher_key&gt;"}</c>); a
/// free-text <paramref name="Explanation"/> is written apart, as <c>"extrainfo": {"msg": …}</c>.
/// </summary>
public sealed record ApiWarning(ApiError Error, JsonObject? Message = null, string? Explanation = null)
{
    /// <summary>A warning about one thing the request named: <c>"message": {name: value}</c>.</summary>
    public static ApiWarning About(ApiError error, string name, JsonNode? value, string? explanation = null) =>
        new(error, new JsonObject { [name] = value }, explanation);

    /// <summary>
    /// A warning about a voucher, named as the request named it: <c>{"key": …}</c> when by voucher_key (the
    /// spec's sample), else <c>{"id": …}</c>.
    /// </summary>
    public static ApiWarning ForVoucher(ApiError error, string? key, long? id, string? explanation = null) =>
        key is not null ? About(error, "key", key, explanation) : About(error, "id", id, explanation);
}
