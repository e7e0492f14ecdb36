using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// The scheduler: one loop per server that runs the registered <see cref="IScheduledJob"/>s, each on one server at a
/// time, and the clean-up of expired credentials. Features add their jobs with <see cref="AddScheduledJob{TJob}"/>.
/// </summary>
public static class SchedulingModule
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.TryAddSingleton<JobScheduler>();
        services.AddHostedService<SchedulerWorker>();
        return services.AddScheduledJob<ExpiredCredentialsCleanupJob>();
    }

    /// <summary>Registers a recurring job (scoped: each run gets its own scope, so its own DbContext).</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services)
        where TJob : class, IScheduledJob
    {
        services.TryAddSingleton<JobScheduler>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IScheduledJob, TJob>());
        return services;
    }
}
