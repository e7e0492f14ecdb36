namespace Tessera.Server.Auth;

/// <summary>Who is calling: the settings, password hashing, the caller's resolution from its headers and its caches.</summary>
public static class AuthModule
{
    public static IServiceCollection AddTesseraAuth(this IServiceCollection services, IConfiguration configuration) =>
        services
            .Configure<AuthOptions>(configuration.GetSection("Auth"))
            .AddSingleton<Passwords>()
            .AddSingleton<ServerSecrets>()
            .AddSingleton<AppDirectory>()
            .AddSingleton<ApiClientDirectory>()
            .AddScoped<CallerResolver>();
}
