using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Sessions;

/// <summary>The session calls for the OpenAPI document (spec "login" to "logout").</summary>
public static class SessionCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("login", "Log in: a session key for an admin, or for a member through the app", Credentials.None | Credentials.App,
            Param.Text("username", "Username (e-mail address).", required: true),
            Param.Text("password", "Password.", required: true))
        {
            Description = "Admins log in without an app hostname; members send X-MyPrice-App-Hostname. Failed logins are limited (docs/spec-choices.md).",
            ResultExample = """{"session_info":{"session_key":"e714ff2f…","session_key_validity":"336","session_auth_method":"password","session_user_id":1,"session_username":"admin@acme.test","session_expires_date":"2026-12-06 01:47:43"},"user_info":{"id":1,"user_id":1},"result_type":"login"}""",
        },
        new("session", "Log in on behalf of a member (privileged clients)", Credentials.Privileged, CommonParams.Member),
        new("get-login-status", "Whether a session key is valid", Credentials.None,
            Param.Int("user_id", "The session's user id."),
            Param.Text("username", "The session's username (instead of user_id)."),
            Param.Text("session_key", "The session key.", required: true)),
        new("logout", "End the session", Credentials.Member | Credentials.Admin) { TakesNothing = true },
        new("get-cross-site-token", "A short-lived token to carry the member's session to another site", Credentials.Member) { TakesNothing = true },
    ];
}
