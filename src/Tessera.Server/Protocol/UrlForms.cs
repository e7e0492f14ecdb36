namespace Tessera.Server.Protocol;

/// <summary>
/// spec 1.4.1: <c>/auth/login</c>, <c>/auth/login.json</c>, <c>/auth/login.php</c> and <c>/v1/auth/login</c>
/// are one endpoint. A <c>.csv</c> suffix asks for CSV where the endpoint has it.
/// </summary>
public static class UrlForms
{
    private const string CsvItem = "spaaza.csv";
    private static readonly string[] Untouched = ["/openapi", "/docs", "/health", "/metrics"];

    public static bool WantsCsv(HttpContext context) => context.Items.ContainsKey(CsvItem);

    public static void Normalise(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (string.IsNullOrEmpty(path) || Untouched.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        if (path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[3..];
        }
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^5];
        }
        else if (path.EndsWith(".php", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }
        else if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
            context.Items[CsvItem] = true;
        }
        context.Request.Path = new PathString(path);
    }
}
