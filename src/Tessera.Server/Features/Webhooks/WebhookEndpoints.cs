using System.Globalization;
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

    private static Task<IResult> RotateSecret(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write, async (p, endpoint) =>
        {
            var hours = p.Int("grace_period_hours", ErrorCodes.ParameterSuppliedNotInteger);
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return (await webhooks.RotateAsync(endpoint, hours, ct)).ToResult("rotate-webhook-secret");
        }, ct);

    private static Task<IResult> Redeliver(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Write, async (p, endpoint) =>
        {
            var eventId = Long(p, "event_id");
            var since = Since(p);
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return (await webhooks.RedeliverAsync(endpoint, eventId, since, ct)).ToResult("redeliver-webhook");
        }, ct);

    private static Task<IResult> GetDeliveries(HttpRequest request, Caller caller, WebhookService webhooks, CancellationToken ct) =>
        OnWebhookAsync(request, caller, webhooks, Permission.Read, async (p, endpoint) =>
        {
            var eventId = Long(p, "event_id");
            var beforeId = Long(p, "before_id");
            var limit = p.Int("limit", ErrorCodes.ParameterSuppliedNotInteger);
            if (p.Failure is { } failure)
            {
                return Spaaza.Error(failure);
            }
            return (await webhooks.DeliveriesAsync(endpoint, p.Text("status"), eventId, beforeId, limit, ct)).ToResult("get-webhook-deliveries");
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

    private static DateTime? Since(SpaazaParams p)
    {
        if (p.Text("since") is not { Length: > 0 } text)
        {
            return null;
        }
        var since = WebhookService.ParseSince(text);
        if (since.Failure is { } failure)
        {
            p.Fail(failure);
        }
        return since.Value;
    }
}
