using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Members;

/// <summary>The member calls for the OpenAPI document (spec "add-user" to "search users", notes, export).</summary>
public static class MemberCallDocs
{
    public static IEnumerable<CallDoc> All =>
    [
        new("add-user", "Add a member (self sign-up through the app, or by an admin or privileged client)", Credentials.Admin | Credentials.Privileged | Credentials.App,
            [
                Param.Text("username", "The member's username (e-mail address).", required: true),
                Param.Text("member_number", "The member's number; Tessera numbers the member when none is sent."),
                Param.Text("authentication_point_identifier", "The member's identifier at an authentication point."),
                .. CommonParams.MemberFields,
                Param.Flag("update_if_exists", "Update the member with this username instead of failing (admins and privileged clients)."),
                CommonParams.ChainId,
            ])
        {
            ResultExample = """{"user_info":{"id":2,"user_id":2,"username":"jane@example.com","first_name":"Jane","last_name":"Smith","member_number":"2","user_type":"new"},"result_type":"add-user"}""",
        },
        new("alter-user", "Change a member; fields sent empty are cleared", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            [.. CommonParams.Member, .. CommonParams.MemberFields, CommonParams.ChainId]),
        new("get-user", "A member's details", Credentials.Member | Credentials.Admin | Credentials.Privileged, [.. CommonParams.Member, CommonParams.ChainId]),
        new("delete-user", "Delete a member: their personal data is obfuscated, their ledger kept", Credentials.Admin | Credentials.Privileged,
            [.. CommonParams.Member, CommonParams.ChainId]),
        new("search-users", "Search a chain's members (bare JSON array, as the spec's sample)", Credentials.Admin | Credentials.Privileged,
            Param.Text("query", "Text to find in the name, username, member number or identifiers."),
            Param.Flag("opted_in", "Only members who opted in (true) or out (false)."),
            Param.Int("page", "Page, from 1."), Param.Int("count", "Results per page."), CommonParams.ChainId)
        {
            Produces = "application/json",
            Description = "Services style: send Session-Chain-Id (admins) and the answer is a bare array.",
        },
        new("add-user-note", "Add a note to a member", Credentials.Admin | Credentials.Privileged,
            Param.Int("user_id", "The member.", required: true), Param.Text("text", "The note.", required: true)),
        new("delete-user-note", "Delete a member's note", Credentials.Admin | Credentials.Privileged, Param.Int("user_note_id", "The note.", required: true)),
        new("export", "A signed, single-use link to a CSV of the chain's members", Credentials.Admin,
            Param.Text("export_entity", "What to export: user.", required: true), CommonParams.ChainId),
        new("export-download", "The CSV of an export link (single use, expires)", Credentials.None,
            Param.Int("ChainId", "From the link.", required: true), Param.Text("Nonce", "From the link.", required: true))
        {
            Produces = "text/csv",
        },
    ];
}
