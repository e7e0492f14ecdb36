using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tessera.Bench;

/// <summary>
/// A local webhook receiver for bench/webhooks: Kestrel on 127.0.0.1:PORT answering every POST with 200 after reading
/// the body; GET /count tells how many it took (for the delivery rate and the yardstick of wrk against it).
/// </summary>
internal static class WebhookReceiver
{
    private static long _count;

    public static void Run(string port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref _count);
            return Results.Ok();
        });
        app.MapGet("/count", () => Interlocked.Read(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Run();
    }
}
