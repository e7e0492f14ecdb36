namespace Tessera.Server.Auth;

/// <summary>The session headers, found whatever their case and dash/underscore spelling.</summary>
public readonly record struct SessionHeaders(string? UserId, string? SessionKey)
{
    public static SessionHeaders Read(HttpRequest request)
    {
        string? userId = null, key = null;
        foreach (var (name, value) in request.Headers)
        {
            var normal = name.Replace('_', '-').ToLowerInvariant();
            if (normal == "session-user-id")
            {
                userId = value.ToString().Trim();
            }
            else if (normal == "session-key")
            {
                key = value.ToString().Trim();
            }
        }
        return new SessionHeaders(userId, key);
    }
}
