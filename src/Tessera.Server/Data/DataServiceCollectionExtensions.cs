using Tessera.Server.Data.Sql;

namespace Tessera.Server.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddTesseraData(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = DatabaseSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddDbContextPool<TesseraDbContext>(settings.Configure);
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<RowIds>();
        return services;
    }
}
