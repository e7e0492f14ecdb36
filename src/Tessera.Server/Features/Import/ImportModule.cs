namespace Tessera.Server.Features.Import;

/// <summary>The import of members and opening balances from another system (the <c>import</c> command).</summary>
public static class ImportModule
{
    public static IServiceCollection AddImport(this IServiceCollection services) =>
        services.AddScoped<MemberImporter>().AddScoped<BalanceImporter>();
}
