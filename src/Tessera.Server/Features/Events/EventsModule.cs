namespace Tessera.Server.Features.Events;

public static class EventsModule
{
    public static IServiceCollection AddEvents(this IServiceCollection services) => services.AddScoped<EventWriter>();
}
