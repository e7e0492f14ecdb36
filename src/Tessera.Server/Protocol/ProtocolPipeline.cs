using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Tessera.Server.Protocol;

/// <summary>The middleware every Spaaza call passes through, in order, before its endpoint.</summary>
public static partial class ProtocolPipeline
{
    /// <summary>
    /// The Spaaza protocol for every endpoint: correlation id and request log, 330 for unexpected
    /// exceptions, 4xx for input that breaks <see cref="InputLimits"/> or a reader's rules (<see cref="InputGuard"/>),
    /// the URL forms of 1.4.1, and 4 / 405 for a method the endpoint does not allow.
    /// </summary>
    public static void UseSpaazaProtocol(this WebApplication app)
    {
        var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Server.RequestLog");
        app.Use(async (context, next) =>
        {
            var correlationId = CorrelationId(context.Request.Headers["X-Correlation-Id"].ToString());
            context.TraceIdentifier = correlationId;
            // Set as the response starts: the exception handler clears headers set before it.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Correlation-Id"] = correlationId;
                // Answers are JSON, CSV or PDF, never HTML to sniff: text in JSON is written plainly (SpaazaJson).
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            using var scope = requestLog.BeginScope("CorrelationId:{CorrelationId}", correlationId);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                LogRequest(requestLog, context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // One handler turns every unexpected exception into 330 server_error; the details stay in the log.
            ExceptionHandler = async context =>
            {
                var handled = context.Features.Get<IExceptionHandlerFeature>();
                var exception = handled?.Error;
                // Bad input thrown by a reader or by ASP.NET Core is the client's fault: 4xx, no stack trace.
                if (InputGuard.FailureOf(exception) is { } refused)
                {
                    LogRefused(requestLog, refused.Error.AnsweredStatus, refused.Error.Name, refused.Message?.ToString());
                    await InputGuard.WriteAsync(context, handled?.Endpoint, refused);
                    return;
                }
                LogUnhandled(requestLog, exception, context.TraceIdentifier);
                await Spaaza.WriteErrorAsync(context, ErrorCodes.ServerError.With(new System.Text.Json.Nodes.JsonObject { ["correlation_id"] = context.TraceIdentifier }));
            },
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                await Spaaza.WriteErrorAsync(context, ErrorCodes.HttpRequestMethodNotAllowed);
            }
            else if (context.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                await Spaaza.WriteErrorAsync(context, ErrorCodes.EndpointNotFound);
            }
        });
        app.Use((context, next) =>
        {
            UrlForms.Normalise(context);
            return next(context);
        });
        app.UseRouting();
        app.Use((context, next) =>
        {
            var limits = InputGuard.Limits(context);
            if (InputGuard.Check(context, limits) is { } refused)
            {
                LogRefused(requestLog, refused.Error.AnsweredStatus, refused.Error.Name, refused.Message?.ToString());
                return InputGuard.WriteAsync(context, context.GetEndpoint(), refused);
            }
            return next(context);
        });
    }

    private static string CorrelationId(string supplied) =>
        supplied.Length is > 0 and <= 64 && supplied.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? supplied
            : NewCorrelationId();

    /// <summary>This server's random half of every correlation id it makes (servers behind one load balancer differ).</summary>
    private static readonly ulong CorrelationPrefix = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private static long _correlationCount;

    /// <summary>
    /// 32 hex digits: this server's random prefix and a count of its requests. Unique as a GUID would be, without
    /// a read of the system's random source per request (which is what Guid.NewGuid costs on Linux).
    /// </summary>
    internal static string NewCorrelationId() =>
        string.Create(32, (CorrelationPrefix, (ulong)Interlocked.Increment(ref _correlationCount)), static (chars, id) =>
        {
            id.Item1.TryFormat(chars, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            id.Item2.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused input: answered {StatusCode} {ErrorName}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string errorName, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception; answered 330 server_error with correlation id {CorrelationId}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string correlationId);
}
