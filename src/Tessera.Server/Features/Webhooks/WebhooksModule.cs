using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Tessera.Server.Features.Scheduling;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// The Webhooks feature: endpoints per chain and their management calls, Data Protection with its key ring in the
/// database (for the endpoints' secrets), the delivery worker and the delivery log's clean-up job (docs/webhooks.md, ADRs 0034 and 0035).
/// </summary>
public static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWebhookManagement(configuration);
        services.AddHostedService(provider => provider.GetRequiredService<WebhookKeyRing>());
        services.AddScoped<WebhookDispatcher>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // The address is checked after DNS, on every connection; no proxy (it would connect for us) and no
                    // redirects (a 3xx is an answer, not a 2xx, and could point inside).
                    ConnectCallback = WebhookAddresses.Connect(options.AllowPrivateAddresses),
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    ConnectTimeout = options.Timeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            });
        services.AddHostedService<WebhookWorker>();
        services.AddScheduledJob<WebhookLogCleanupJob>();
        return services;
    }

    /// <summary>
    /// What managing endpoints needs (the server's calls and the <c>webhooks</c> command line): the options, Data
    /// Protection with its key ring in the database, the secrets and <see cref="WebhookService"/>; no worker.
    /// </summary>
    public static IServiceCollection AddWebhookManagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));

        // Every server of the database shares the key ring, and the application name isolates Tessera's payloads.
        services.AddDataProtection().SetApplicationName("Tessera");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((o, repository) => o.XmlRepository = repository);
        services.AddSingleton<WebhookKeyRing>();
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<WebhookService>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app) => app.MapWebhookEndpoints();
}
