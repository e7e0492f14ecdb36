using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>
/// A real HTTP endpoint for webhooks: Kestrel on 127.0.0.1 and a free port, keeping every request (headers, body
/// bytes) and answering what <see cref="Answer"/> says (200 unless told otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Chooses the answer to the request (its number from 1): status and body; status 0 drops the connection instead.</summary>
    public Func<ReceivedHook, (int Status, string Body)> Answer { get; set; } = _ => (200, "ok");

    /// <summary>Called with each event id when its request starts and ends: for tests that watch overlapping sends.</summary>
    public Action<ReceivedHook>? OnStart { get; set; }

    public Action<ReceivedHook, int>? OnEnd { get; set; }

    public TimeSpan Delay { get; set; }

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    public int Count => Volatile.Read(ref _count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{**rest}", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook/";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var hook = new ReceivedHook(Interlocked.Increment(ref _count), context.Request.Path, headers, body.ToArray(), Stopwatch.GetTimestamp());
        OnStart?.Invoke(hook);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }
        var (status, text) = Answer(hook);
        _received.Enqueue(hook with { Status = status });
        OnEnd?.Invoke(hook, status);
        if (status == 0)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(text);
    }

    /// <summary>Waits (polling, up to <paramref name="timeout"/>, 30 s by default) until <paramref name="done"/> holds for what was received.</summary>
    public async Task<IReadOnlyList<ReceivedHook>> WaitAsync(Func<IReadOnlyList<ReceivedHook>, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var received = Received;
            if (done(received))
            {
                return received;
            }
            Assert.True(waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)), $"the receiver did not get {what ?? "what the test waited for"}; it got {received.Count} requests");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One request the receiver got; <see cref="Status"/> is what it answered.</summary>
public sealed record ReceivedHook(int Number, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, long At, int Status = 0)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"no {name} header");

    public long EventId => long.Parse(Header("X-Tessera-Event-Id"), CultureInfo.InvariantCulture);

    public long DeliveryId => long.Parse(Header("X-Tessera-Delivery-Id"), CultureInfo.InvariantCulture);

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>What an integrator computes (docs/webhooks.md): base-64 HMAC-SHA256 with the UTF-8 bytes of the secret.</summary>
    public static string Sign(string secret, byte[] data) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    public byte[] Stamped => [.. Encoding.ASCII.GetBytes(Header("X-Tessera-Timestamp")), (byte)'.', .. Body];
}
