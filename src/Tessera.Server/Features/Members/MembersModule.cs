namespace Tessera.Server.Features.Members;

/// <summary>
/// The Members feature's services and routes: add-, alter-, get-, delete-user, search/users, the user notes
/// and the member export.
/// </summary>
public static class MembersModule
{
    public static IServiceCollection AddMembers(this IServiceCollection services) =>
        services
            .AddScoped<UserInfoReader>()
            .AddScoped<MemberService>()
            .AddScoped<ExportService>();

    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app) =>
        app.MapMemberEndpoints()
            .MapSearchEndpoints()
            .MapNoteEndpoints()
            .MapExportEndpoints();
}
