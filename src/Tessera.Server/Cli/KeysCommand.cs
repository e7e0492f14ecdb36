using System.CommandLine;
using Tessera.Server.Features.Administration;
using static Tessera.Server.Protocol.SpaazaJsonContext;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>keys create|list|revoke|rotate</c>: a chain's privileged keys (<c>Authorization: Bearer KEYID:SECRET</c>). A key is
/// shown once, when made; only its secret's hash is stored.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "A chain's privileged API keys: shown once when made, stored hashed, revocable, several per chain.");
        var chainId = AdminsCommand.ChainIdOption();
        var keyId = new Option<string>("--key-id") { Description = "The key's id (the part before ':')", Required = true };

        var name = new Option<string?>("--name") { Description = "What the key is for, e.g. the till system" };
        var create = CliCommand.Create("create", "Make a new privileged key for a chain and print it (once).", chainId, name);
        create.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().CreateKeyAsync(parse.GetValue(chainId), parse.GetValue(name), ct), Default.IssuedKey));
        keys.Subcommands.Add(create);

        var list = CliCommand.Create("list", "List a chain's privileged keys (ids and state, never the secrets).", chainId);
        list.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().ListKeysAsync(parse.GetValue(chainId), ct), Default.ListPrivilegedKeyView));
        keys.Subcommands.Add(list);

        var revoke = CliCommand.Create("revoke", "Revoke a key: servers refuse it within 30 seconds.", chainId, keyId);
        revoke.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().RevokeKeyAsync(parse.GetValue(chainId), parse.GetValue(keyId)!, ct), Default.PrivilegedKeyView));
        keys.Subcommands.Add(revoke);

        var rotate = CliCommand.Create("rotate", "Give a key a new secret (same key id) and print it (once); the old secret is refused within 30 seconds.", chainId, keyId);
        rotate.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().RotateKeyAsync(parse.GetValue(chainId), parse.GetValue(keyId)!, ct), Default.IssuedKey));
        keys.Subcommands.Add(rotate);
        return keys;
    }
}
