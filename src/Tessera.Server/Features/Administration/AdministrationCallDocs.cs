using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Administration;

/// <summary>Tessera's own administration calls (super users of a chain) for the OpenAPI document (docs/cli.md).</summary>
public static class AdministrationCallDocs
{
    private static readonly Param Username = Param.Text("username", "The admin's username (e-mail address).", required: true);

    private static readonly Param Permissions = Param.Text("permissions", "Comma-separated: read, write, assign, delete, super-user (or all).");

    private static readonly Param BusinessId = Param.Int("business_id", "On this branch only; without it, on the whole chain.");

    private static readonly Param KeyId = Param.Text("key_id", "The key's id (the part before the colon).", required: true);

    public static IEnumerable<CallDoc> All =>
    [
        new("add-admin", "Add an admin to the chain with permissions", Credentials.Admin,
            CommonParams.ChainId, Username, Param.Text("password", "The admin's password.", required: true), Permissions, BusinessId),
        new("get-admins", "The chain's admins and their permissions", Credentials.Admin, CommonParams.ChainId),
        new("grant-admin-permissions", "Give an admin permissions, on the chain or a branch", Credentials.Admin,
            CommonParams.ChainId, Username, Permissions, BusinessId),
        new("revoke-admin-permissions", "Take permissions from an admin (the chain keeps one super user)", Credentials.Admin,
            CommonParams.ChainId, Username, Permissions, BusinessId),
        new("reset-admin-password", "Set an admin's password, or make a new one shown once", Credentials.Admin,
            CommonParams.ChainId, Username, Param.Text("password", "The new password; without it one is made and answered once.")),
        new("add-app", "Add an app hostname to the chain", Credentials.Admin,
            CommonParams.ChainId, Param.Text("hostname", "The app's hostname (X-MyPrice-App-Hostname).", required: true), Param.Text("name", "A name for it.")),
        new("get-apps", "The chain's apps", Credentials.Admin, CommonParams.ChainId),
        new("add-privileged-key", "A new privileged key; its secret is in this answer only", Credentials.Admin,
            CommonParams.ChainId, Param.Text("name", "What the key is for (a till system, a webshop).")),
        new("get-privileged-keys", "The chain's privileged keys (ids and names, never secrets)", Credentials.Admin, CommonParams.ChainId),
        new("revoke-privileged-key", "Revoke a privileged key", Credentials.Admin, CommonParams.ChainId, KeyId),
        new("rotate-privileged-key", "A new secret for a privileged key, shown once; the old one stops working", Credentials.Admin, CommonParams.ChainId, KeyId),
    ];
}
