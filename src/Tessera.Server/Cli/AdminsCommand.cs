using System.CommandLine;
using Tessera.Server.Features.Administration;
using static Tessera.Server.Protocol.SpaazaJsonContext;

namespace Tessera.Server.Cli;

/// <summary><c>admins add|list|grant|revoke|reset-password</c>: a chain's admins and their chain- or branch-level permissions.</summary>
internal static class AdminsCommand
{
    public static Option<int> ChainIdOption() => new("--chain-id") { Description = "The chain's id", Required = true };

    public static Command Create()
    {
        var admins = new Command("admins", "A chain's admins and their permissions (read, write, assign, delete, super-user), chain-wide or on one branch.");
        var chainId = ChainIdOption();
        var username = new Option<string>("--username") { Description = "The admin's email address", Required = true };
        var businessId = new Option<int?>("--business-id") { Description = "A branch of the chain: the permissions hold there only (chain-wide when left out)" };
        Option<string> Permissions(bool required) => new("--permissions")
        {
            Description = $"Comma-separated: {PermissionSet.Names}",
            Required = required,
            DefaultValueFactory = required ? null! : _ => "read",
        };

        var password = new Option<string>("--password") { Description = "The password (6 characters or more)", Required = true };
        var addPermissions = Permissions(required: false);
        var add = CliCommand.Create("add", "Add an admin to a chain with the permissions given (read when left out).", chainId, username, password, addPermissions, businessId);
        add.SetWork(async (parse, services, ct) => PermissionSet.Parse(parse.GetValue(addPermissions)) is { } set
            ? CliAnswer.From(await services.GetRequiredService<AdministrationService>().AddAdminAsync(
                parse.GetValue(chainId), parse.GetValue(username)!, parse.GetValue(password)!, set, parse.GetValue(businessId), ct), Default.AdminView)
            : BadPermissions());
        admins.Subcommands.Add(add);

        var list = CliCommand.Create("list", "List a chain's admins and their permissions.", chainId);
        list.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().ListAdminsAsync(parse.GetValue(chainId), ct), Default.ListAdminView));
        admins.Subcommands.Add(list);

        var grantPermissions = Permissions(required: true);
        var grant = CliCommand.Create("grant", "Give an admin more permissions on the chain or on one branch.", chainId, username, grantPermissions, businessId);
        grant.SetWork(async (parse, services, ct) => PermissionSet.Parse(parse.GetValue(grantPermissions)) is { } set
            ? CliAnswer.From(await services.GetRequiredService<AdministrationService>().GrantAsync(
                parse.GetValue(chainId), parse.GetValue(username)!, set, parse.GetValue(businessId), ct), Default.AdminView)
            : BadPermissions());
        admins.Subcommands.Add(grant);

        var revokePermissions = Permissions(required: true);
        var revoke = CliCommand.Create("revoke", "Take permissions from an admin (a chain keeps at least one super user).", chainId, username, revokePermissions, businessId);
        revoke.SetWork(async (parse, services, ct) => PermissionSet.Parse(parse.GetValue(revokePermissions)) is { } set
            ? CliAnswer.From(await services.GetRequiredService<AdministrationService>().RevokeAsync(
                parse.GetValue(chainId), parse.GetValue(username)!, set, parse.GetValue(businessId), ct), Default.AdminView)
            : BadPermissions());
        admins.Subcommands.Add(revoke);

        var newPassword = new Option<string?>("--password") { Description = "The new password; a generated one is printed (once) when left out" };
        var reset = CliCommand.Create("reset-password", "Set an admin's password and end its sessions.", chainId, username, newPassword);
        reset.SetWork(async (parse, services, ct) => CliAnswer.From(await services.GetRequiredService<AdministrationService>().ResetPasswordAsync(
            parse.GetValue(chainId), parse.GetValue(username)!, parse.GetValue(newPassword), ct), Default.AdminPasswordReset));
        admins.Subcommands.Add(reset);
        return admins;
    }

    private static CliAnswer BadPermissions() => CliAnswer.Refuse($"--permissions must list {PermissionSet.Names}");
}
