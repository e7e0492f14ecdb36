using Tessera.Server.Features.Events;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Webhooks.WebhookTestKit;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>The webhook calls: who may make them, what they refuse (the inside of the network among it).</summary>
public sealed class WebhookManagementTests
{
    [Theory, AllEngines]
    public async Task Urls_on_loopback_private_or_link_local_addresses_are_refused_unless_allowed(string engine)
    {
        await using var app = new TesseraApp(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        foreach (var url in new[]
        {
            "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.10/",
            "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://100.64.0.1/",
            "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "ftp://93.184.215.14/", "https://user:secret@93.184.215.14/", "not a url",
        })
        {
            var refused = await admin.PostAsync("/internal/add-webhook", ("chain_id", Id(chain.ChainId)), ("url", url));
            refused.AssertError(ErrorCodes.ParameterInvalid);
        }
        // A public address literal needs no DNS and is taken.
        var taken = await admin.PostAsync("/internal/add-webhook", ("chain_id", Id(chain.ChainId)), ("url", "https://93.184.215.14/hooks"));
        taken.AssertOk("add-webhook");

        // Moving a taken endpoint inside is refused too.
        var moved = await admin.PutAsync("/internal/alter-webhook", ("webhook_id", Id(taken.Results.GetProperty("webhook").GetProperty("id").GetInt32())), ("url", "http://127.0.0.1/"));
        moved.AssertError(ErrorCodes.ParameterInvalid);

        await using var local = new TesseraApp(engine, settings: Settings());
        var localChain = await local.BootstrapAsync();
        using var localAdmin = await localChain.AdminClientAsync();
        (await localAdmin.PostAsync("/internal/add-webhook", ("chain_id", Id(localChain.ChainId)), ("url", "http://127.0.0.1:8080/hook"))).AssertOk("add-webhook");
    }

    [Theory, AllEngines]
    public async Task A_name_that_resolves_to_loopback_at_send_time_is_not_connected_to(string engine)
    {
        // The endpoint was saved where private addresses were allowed; the server that sends does not allow them, as
        // after a DNS change to an inside address. It decrypts the secret the first server encrypted (shared key ring).
        var database = TestDatabase.Create(engine);
        await using var receiver = await WebhookReceiver.StartAsync();
        TestChain chain;
        int webhookId;
        await using (var first = new TesseraApp(database, settings: Settings(("Delivery", "false"))))
        {
            chain = await first.BootstrapAsync();
            (webhookId, _) = await AddWebhookAsync(chain, receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
            await AddEventsAsync(first, chain.ChainId, EventTypes.ShopperCreated, 1);
        }
        await using var second = new TesseraApp(database, settings: new Dictionary<string, string?> { ["Webhooks:PollInterval"] = "00:00:00.050" });
        chain = chain with { App = second };
        var deliveries = await WaitForDeliveriesAsync(chain, webhookId, d => d.GetArrayLength() == 1 && d[0].GetProperty("attempts").GetInt32() >= 1, "an attempt");
        var attempt = deliveries[0].GetProperty("attempt_log")[0];
        Assert.Contains("non-public address", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        Assert.Equal("pending", deliveries[0].GetProperty("status").GetString());
        Assert.Equal(0, receiver.Count);
        await second.DisposeAsync();
        database.Drop();
    }

    [Theory, AllEngines]
    public async Task Only_admins_of_the_chain_with_write_access_or_its_privileged_client_manage_its_webhooks(string engine)
    {
        await using var app = App(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var (webhookId, _) = await AddWebhookAsync(chain, "http://127.0.0.1:9/hook");

        var (reader, readerPassword) = await chain.AddAdminAsync(read: true);
        using var readOnly = await chain.LoginAsync(reader.Username, readerPassword, withApp: false);
        (await readOnly.GetAsync("/internal/get-webhooks", ("chain_id", Id(chain.ChainId)))).AssertOk("get-webhooks");
        (await readOnly.GetAsync("/internal/get-webhook-deliveries", ("webhook_id", Id(webhookId)))).AssertOk("get-webhook-deliveries");
        (await readOnly.PostAsync("/internal/add-webhook", ("chain_id", Id(chain.ChainId)), ("url", "http://127.0.0.1:9/"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await readOnly.PutAsync("/internal/alter-webhook", ("webhook_id", Id(webhookId)), ("active", "false"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await readOnly.PostAsync("/internal/rotate-webhook-secret", ("webhook_id", Id(webhookId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        // Another chain's admin and privileged client: the webhook does not exist for them.
        using var otherAdmin = await other.AdminClientAsync();
        (await otherAdmin.GetAsync("/internal/get-webhook-deliveries", ("webhook_id", Id(webhookId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await otherAdmin.DeleteAsync("/internal/delete-webhook", ("webhook_id", Id(webhookId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await otherAdmin.GetAsync("/internal/get-webhooks", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        using var otherClient = other.PrivilegedClient();
        (await otherClient.PutAsync("/internal/alter-webhook", ("webhook_id", Id(webhookId)), ("url", "http://127.0.0.1:10/"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        var theirs = await otherClient.GetAsync("/internal/get-webhooks");
        theirs.AssertOk("get-webhooks");
        Assert.Equal(0, theirs.Results.GetProperty("webhooks").GetArrayLength());

        // Members and anonymous callers may not call at all.
        var member = await chain.AddMemberAsync();
        using var memberClient = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        (await memberClient.GetAsync("/internal/get-webhooks", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.AccessDenied);
        using var anonymous = app.Client();
        (await anonymous.GetAsync("/internal/get-webhooks", ("chain_id", Id(chain.ChainId)))).AssertError(ErrorCodes.NoValidSession);

        // The chain's own privileged client manages them: alter, then delete.
        using var own = chain.PrivilegedClient();
        var altered = await own.PutAsync("/internal/alter-webhook", ("webhook_id", Id(webhookId)), ("event_types", $"{EventTypes.ShopperCreated}, {EventTypes.ReceiptCreated}"), ("active", "false"));
        altered.AssertOk("alter-webhook");
        var webhook = altered.Results.GetProperty("webhook");
        Assert.Equal([EventTypes.ShopperCreated, EventTypes.ReceiptCreated], webhook.GetProperty("event_types").EnumerateArray().Select(t => t.GetString()));
        Assert.False(webhook.GetProperty("active").GetBoolean());
        var deleted = await own.DeleteAsync("/internal/delete-webhook", ("webhook_id", Id(webhookId)));
        deleted.AssertOk("delete-webhook");
        (await own.GetAsync("/internal/get-webhook-deliveries", ("webhook_id", Id(webhookId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Bad_parameters_are_refused_with_their_codes_never_a_server_error(string engine)
    {
        await using var app = App(engine);
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var chainId = ("chain_id", Id(chain.ChainId));
        (await admin.PostAsync("/internal/add-webhook", chainId)).AssertError(ErrorCodes.ParameterMissing);
        (await admin.PostAsync("/internal/add-webhook", ("url", "http://127.0.0.1/"))).AssertError(ErrorCodes.ChainIdRequired);
        (await admin.PostAsync("/internal/add-webhook", chainId, ("url", "http://127.0.0.1/"), ("event_types", "member.created"))).AssertError(ErrorCodes.ParameterNotInWhitelist);
        (await admin.PostAsync("/internal/add-webhook", chainId, ("url", "http://127.0.0.1/" + new string('a', 2100)))).AssertError(ErrorCodes.StringParameterTooLong);
        (await admin.PostAsync("/internal/add-webhook", chainId, ("url", "http://127.0.0.1/"), ("active", "maybe"))).AssertError(ErrorCodes.ParameterSuppliedNotBoolean);
        (await admin.PutAsync("/internal/alter-webhook", ("active", "true"))).AssertError(ErrorCodes.ParameterMissing);
        (await admin.PutAsync("/internal/alter-webhook", ("webhook_id", "x1"))).AssertError(ErrorCodes.ParameterSuppliedNotInteger);
        (await admin.PutAsync("/internal/alter-webhook", ("webhook_id", "99999999"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        var added = await admin.PostAsync("/internal/add-webhook", chainId, ("url", "http://127.0.0.1:9/"));
        added.AssertOk("add-webhook");
        var id = ("webhook_id", Id(added.Results.GetProperty("webhook").GetProperty("id").GetInt32()));
        (await admin.PostAsync("/internal/rotate-webhook-secret", id, ("grace_period_hours", "1000"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.PostAsync("/internal/rotate-webhook-secret", id, ("grace_period_hours", "-1"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.PostAsync("/internal/redeliver-webhook", id)).AssertError(ErrorCodes.ParameterCombinationNotAllowed);
        (await admin.PostAsync("/internal/redeliver-webhook", id, ("since", "yesterday-ish"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.PostAsync("/internal/redeliver-webhook", id, ("event_id", "-5"))).AssertError(ErrorCodes.ParameterSuppliedNotInteger);
        (await admin.GetAsync("/internal/get-webhook-deliveries", id, ("status", "lost"))).AssertError(ErrorCodes.ParameterNotInWhitelist);
        (await admin.GetAsync("/internal/get-webhook-deliveries", id, ("limit", "0"))).AssertError(ErrorCodes.ParameterInvalid);
    }
}
