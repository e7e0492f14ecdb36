using System.Globalization;
using Microsoft.Extensions.Options;
using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// The webhook calls, in the style of the Spaaza API (the spec configures webhooks by hand; docs/webhooks.md):
/// admins with write access to the chain (read access for the two reading calls) or the chain's privileged client.
/// </summary>
public static class WebhookEndpoints
{
    private const string WebhookId = "webhook_id";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-webhook", AddWebhook).WithName("add-webhook");
        app.MapGet("/internal/get-webhooks", GetWebhooks).WithName("get-webhooks");
        app.MapPut("/internal/alter-webhook", AlterWebhook).WithName("alter-webhook");
        app.MapDelete("/internal/delete-webhook", DeleteWebhook).WithName("delete-webhook");
        app.MapPost("/internal/rotate-webhook-secret", RotateSecret).WithName("rotate-webhook-secret");
        app.MapPost("/internal/redeliver-webhook", Redeliver).WithName("redeliver-webhook");
        app.MapGet("/internal/get-webhook-deliveries", GetDeliveries).WithName("get-webhook-deliveries");
        return app;
    }

    private static async Task<IResult> AddWebhook(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminParamOrPrivilegedParamOrOwn) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedParamOrOwn, Permission.Write);
        p.Required("url", ErrorCodes.ParameterMissing);
        var input = WebhookInput.Read(p);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await webhooks.AddAsync(chain.Value, input, ct)).ToResult("add-webhook");
    }

    private static async Task<IResult> GetWebhooks(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminParamOrPrivilegedParamOrOwn) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedParamOrOwn, Permission.Read);
        if (chain.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return Spaaza.Ok("get-webhooks", await webhooks.ListAsync(chain.Value, ct));
    }

    private static Task<IResult> AlterWebhook(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write, async (p, endpoint) =>
        {
            var input = WebhookInput.Read(p);
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return (await webhooks.AlterAsync(endpoint, input, ct)).ToResult("alter-webhook");
        }, ct);

    private static Task<IResult> DeleteWebhook(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write,
            async (_, endpoint) => Spaaza.Ok("delete-webhook", await webhooks.DeleteAsync(endpoint, ct)), ct);

    private static Task<IResult> RotateSecret(HttpRequest request, Caller caller, WebhookService webhooks, IOptions<WebhookOptions> options, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write, async (p, endpoint) =>
        {
            var max = options.Value.MaxRotationGrace;
            var hours = p.Int("grace_period_hours", ErrorCodes.ParameterSuppliedNotInteger);
            if (hours is < 0 || (hours is { } h && TimeSpan.FromHours(h) > max))
            {
                p.Fail(ErrorCodes.ParameterInvalid.With($"grace_period_hours must be between 0 and {max.TotalHours:0}"));
            }
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            var grace = hours is { } given ? TimeSpan.FromHours(given) : options.Value.RotationGrace;
            return Spaaza.Ok("rotate-webhook-secret", await webhooks.RotateAsync(endpoint, grace, ct));
        }, ct);

    private static Task<IResult> Redeliver(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write, async (p, endpoint) =>
        {
            var eventId = Long(p, "event_id");
            var since = Since(p);
            if (p.Failure is null && (eventId is null) == (since is null))
            {
                p.Fail(ErrorCodes.ParameterCombinationNotAllowed.With("send either event_id or since"));
            }
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return (await webhooks.RedeliverAsync(endpoint, eventId, since, ct)).ToResult("redeliver-webhook");
        }, ct);

    private static Task<IResult> GetDeliveries(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Read, async (p, endpoint) =>
        {
            int? status = null;
            if (p.Text("status") is { Length: > 0 } name)
            {
                var index = WebhookService.StatusNames.ToList().IndexOf(name);
                if (index < 0)
                {
                    p.Fail(ErrorCodes.ParameterNotInWhitelist.With($"status must be one of: {string.Join(", ", WebhookService.StatusNames)}"));
                }
                status = index;
            }
            var eventId = Long(p, "event_id");
            var beforeId = Long(p, "before_id");
            var limit = p.Int("limit", ErrorCodes.ParameterSuppliedNotInteger) ?? 50;
            if (limit is < 1 or > 500)
            {
                p.Fail(ErrorCodes.ParameterInvalid.With("limit must be between 1 and 500"));
            }
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return Spaaza.Ok("get-webhook-deliveries", await webhooks.DeliveriesAsync(endpoint, status, eventId, beforeId, limit, ct));
        }, ct);

    /// <summary>The calls on one endpoint: the caller's kind, <c>webhook_id</c>, then the permission on the endpoint's chain (68).</summary>
    private static async Task<IResult> OnWebhookAsync(HttpRequest request, Caller caller, WebhookService webhooks, Permission permission,
        Func<SpaazaParams, Data.Entities.WebhookEndpoint, Task<IResult>> then, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var id = p.RequiredInt(WebhookId, ErrorCodes.ParameterMissing, ErrorCodes.ParameterSuppliedNotInteger);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var endpoint = await webhooks.FindAsync(caller, id, permission, ct);
        if (endpoint.Failure is { } notFound)
        {
            return Spaaza.Error(notFound);
        }
        return await then(p, endpoint.Value!);
    }

    private static long? Long(SpaazaParams p, string name)
    {
        if (p.Text(name) is not { Length: > 0 } text)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        p.Fail(ErrorCodes.ParameterSuppliedNotInteger.With($"{name} must be an integer"));
        return null;
    }

    /// <summary><c>since</c>: an ISO-8601 time with offset, or <c>yyyy-MM-dd HH:mm:ss</c> in UTC.</summary>
    private static DateTime? Since(SpaazaParams p)
    {
        if (p.Text("since") is not { Length: > 0 } text)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }
        p.Fail(ErrorCodes.ParameterInvalid.With("since must be a date and time, e.g. 2026-12-01T00:00:00+00:00"));
        return null;
    }
}
