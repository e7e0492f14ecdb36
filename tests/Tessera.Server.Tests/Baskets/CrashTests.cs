using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tessera.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tessera.Server.Tests.Baskets;

/// <summary>
/// The real server as a separate OS process, killed (SIGKILL, no shutdown) while add-baskets stream in: what is
/// in the database afterwards must be whole baskets only, and balances must still equal their ledger entries.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int MemberCount = 4;
    private const int VouchersPerMember = 15;
    private const int Loops = 6;
    private const int Rounds = 3;

    [Theory, AllEngines]
    public async Task Killing_the_server_mid_stream_leaves_no_partial_basket_and_balances_equal_their_entries(string engine)
    {
        var database = TestDatabase.Create(engine);
        var chain = await ServerProcess.BootstrapAsync(database);
        var acknowledged = new ConcurrentDictionary<string, (long BasketId, string Body)>();
        Shop shop;

        await using (var server = await ServerProcess.StartAsync(database, output))
        {
            shop = await Shop.CreateAsync(server, chain);
        }

        for (var round = 1; round <= Rounds; round++)
        {
            await using var server = await ServerProcess.StartAsync(database, output);
            var (sent, cutOff, open) = await LoadThenKillAsync(database, server, shop, acknowledged);
            var stored = await AssertInvariantsAsync(database, shop, acknowledged);
            // A request cut off by the kill may have committed (killed before the answer was written) or not.
            output.WriteLine($"{engine} round {round}: {sent} add-baskets sent, {cutOff.Count} cut off by the kill "
                + $"({cutOff.Count(stored.Contains)} of them committed), {acknowledged.Count} acknowledged so far"
                + (open is { } n ? $"; {n} transactions of the server were open just before the kill" : ""));
        }

        // A new server on the same database works, and a basket acknowledged before a kill is a replay (311).
        await using (var server = await ServerProcess.StartAsync(database, output))
        {
            using var http = server.Client(shop.Chain);
            var fresh = await PostAsync(http, shop.Basket($"AFTER-{Guid.NewGuid():N}", shop.Members[0], Random.Shared, voucherKey: null));
            AssertOk(fresh);
            Assert.DoesNotContain(311, Warnings(fresh));

            var (code, (basketId, body)) = acknowledged.First();
            var replay = await PostAsync(http, body);
            AssertOk(replay);
            Assert.Equal([311], Warnings(replay));
            Assert.Equal(basketId, replay.RootElement.GetProperty("results").GetProperty("basket").GetProperty("id").GetInt64());
            output.WriteLine($"after restart: new basket stored, replay of {code} answered 311");
        }
        await AssertInvariantsAsync(database, shop, acknowledged);
    }

    /// <summary>
    /// Several loops post add-baskets (a few lines and one voucher each) until the process is killed: once a few
    /// baskets were acknowledged, after a random 100-300 ms more. Returns how many were sent and cut off.
    /// </summary>
    private static async Task<(int Sent, IReadOnlyCollection<string> CutOff, int? OpenTransactions)> LoadThenKillAsync(
        TestDatabase database, ServerProcess server, Shop shop, ConcurrentDictionary<string, (long, string)> acknowledged)
    {
        var sent = 0;
        var cutOff = new ConcurrentBag<string>();
        var acknowledgedBefore = acknowledged.Count;
        using var stop = new CancellationTokenSource();
        using var http = server.Client(shop.Chain);
        var loops = Enumerable.Range(0, Loops).Select(loop => Task.Run(async () =>
        {
            var random = new Random((loop * 7919) + Environment.TickCount);
            while (!stop.IsCancellationRequested)
            {
                var member = shop.Members[random.Next(shop.Members.Count)];
                var code = $"C-{Guid.NewGuid():N}";
                var body = shop.Basket(code, member, random, Shop.PickVoucher(member, random));
                Interlocked.Increment(ref sent);
                try
                {
                    using var answer = await PostAsync(http, body);
                    AssertOk(answer);
                    if (!Warnings(answer).Contains(311))
                    {
                        acknowledged[code] = (answer.RootElement.GetProperty("results").GetProperty("basket").GetProperty("id").GetInt64(), body);
                    }
                }
                catch (Exception ex) when (server.Killed && ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    cutOff.Add(code);
                    return;
                }
            }
        })).ToList();

        var deadline = Stopwatch.StartNew();
        while (acknowledged.Count < acknowledgedBefore + 5)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60) || loops.Any(l => l.IsCompleted))
            {
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(loops); // surfaces the failure of a loop
                Assert.Fail($"fewer than 5 baskets acknowledged within 60 s\n{server.Log}");
            }
            await Task.Delay(10);
        }
        await Task.Delay(Random.Shared.Next(100, 300));
        var open = await OpenTransactionsAsync(database);
        server.Kill();
        await stop.CancelAsync();
        var all = Task.WhenAll(loops);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) == all, "the load loops did not stop after the kill");
        await all;
        return (sent, cutOff, open);
    }

    private static async Task<JsonDocument> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/auth/add-basket", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"add-basket answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static List<int> Warnings(JsonDocument answer) => answer.RootElement.TryGetProperty("warnings", out var warnings)
        ? warnings.EnumerateArray().Select(w => w.GetProperty("code").GetInt32()).ToList()
        : [];

    private static void AssertOk(JsonDocument answer)
    {
        Assert.Equal("ok", answer.RootElement.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal("add-basket", answer.RootElement.GetProperty("results").GetProperty("result_type").GetString());
    }

    /// <summary>Each query lists what breaks one invariant; all must be empty.</summary>
    private static readonly (string Invariant, string Sql)[] Violations =
    [
        ("a basket without exactly its lines", """
            SELECT b.id FROM baskets b
            WHERE {line_count} <> b.purchase_item_count + b.return_item_count
            """),
        ("a basket stored without its response (half-written)", "SELECT id FROM baskets WHERE response = ''"),
        ("a redeemed voucher whose redeeming basket does not exist", """
            SELECT v.id FROM vouchers v
            WHERE v.status = 'redeemed' AND NOT EXISTS (SELECT 1 FROM baskets b WHERE b.id = v.redeeming_basket_id)
            """),
        ("a voucher whose distributions do not add up to its amount redeemed", """
            SELECT v.id FROM vouchers v
            WHERE v.amount_redeemed_cents <> COALESCE((SELECT SUM(d.amount_cents) FROM {voucher_parts} d WHERE d.voucher_id = v.id), 0)
            """),
        ("a voucher distribution outside the voucher's redeeming basket", """
            SELECT d.item_id FROM {voucher_parts} d JOIN vouchers v ON v.id = d.voucher_id
            WHERE v.status <> 'redeemed' OR v.redeeming_basket_id <> d.basket_id
            """),
        ("a wallet balance that is not the sum of its ledger entries", """
            SELECT w.user_id FROM member_wallets w
            WHERE w.balance_cents <> COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e WHERE e.user_id = w.user_id AND e.wallet_campaign_id = w.campaign_id), 0)
            """),
        ("ledger entries of a wallet that has no balance row", """
            SELECT e.user_id FROM ledger_entries e
            WHERE NOT EXISTS (SELECT 1 FROM member_wallets w WHERE w.user_id = e.user_id AND w.campaign_id = e.wallet_campaign_id)
            GROUP BY e.user_id, e.wallet_campaign_id HAVING SUM(e.amount_cents) <> 0
            """),
        ("a ledger entry of a basket that does not exist", """
            SELECT e.id FROM ledger_entries e
            WHERE e.basket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM baskets b WHERE b.id = e.basket_id)
            """),
        ("a basket whose earning distributions differ from its ledger entries", """
            SELECT b.id FROM baskets b
            WHERE COALESCE((SELECT SUM(p.amount_cents) FROM {earned_parts} p WHERE p.basket_id = b.id), 0)
               <> COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e WHERE e.basket_id = b.id), 0)
            """),
    ];

    /// <summary>The number of lines kept in basket <c>b</c>'s row (baskets.lines), in the engine's JSON functions.</summary>
    private static string LineCount(TestDatabase database) => database.Engine == Engines.Postgres
        ? "json_array_length(b.lines::json)"
        : "json_array_length(b.lines)";

    /// <summary>The lines kept in the baskets (baskets.lines) as rows: basket_id, item_id and the line's JSON object.</summary>
    private static string Lines(TestDatabase database) => database.Engine == Engines.Postgres
        ? "(SELECT b.id AS basket_id, (l->>'id')::bigint AS item_id, l FROM baskets b, jsonb_array_elements(b.lines::jsonb) l)"
        : "(SELECT b.id AS basket_id, json_extract(l.value, '$.id') AS item_id, l.value AS l FROM baskets b, json_each(b.lines) l)";

    /// <summary>The voucher parts kept in the lines (each line's voucher_distribution) as rows.</summary>
    private static string VoucherParts(TestDatabase database) => database.Engine == Engines.Postgres
        ? $"(SELECT i.basket_id, i.item_id, (p->>0)::bigint AS voucher_id, (p->>1)::bigint AS amount_cents FROM {Lines(database)} i, jsonb_array_elements(i.l->'voucher_distribution') p)"
        : $"(SELECT i.basket_id, i.item_id, json_extract(p.value, '$[0]') AS voucher_id, json_extract(p.value, '$[1]') AS amount_cents FROM {Lines(database)} i, json_each(i.l, '$.voucher_distribution') p)";

    /// <summary>The earning parts kept in the lines (each line's progress_distribution) as rows.</summary>
    private static string EarnedParts(TestDatabase database) => database.Engine == Engines.Postgres
        ? $"(SELECT i.basket_id, (p->>2)::bigint AS amount_cents FROM {Lines(database)} i, jsonb_array_elements(i.l->'progress_distribution') p)"
        : $"(SELECT i.basket_id, json_extract(p.value, '$[2]') AS amount_cents FROM {Lines(database)} i, json_each(i.l, '$.progress_distribution') p)";

    /// <summary>Checks every invariant and returns the retailer basket codes stored.</summary>
    private static async Task<IReadOnlySet<string>> AssertInvariantsAsync(TestDatabase database, Shop shop, ConcurrentDictionary<string, (long BasketId, string Body)> acknowledged)
    {
        await using var connection = Open(database);
        var broken = new List<string>();
        foreach (var (invariant, sql) in Violations)
        {
            var rows = await ColumnAsync(connection, sql.Replace("{voucher_parts}", VoucherParts(database), StringComparison.Ordinal)
                .Replace("{earned_parts}", EarnedParts(database), StringComparison.Ordinal).Replace("{line_count}", LineCount(database), StringComparison.Ordinal));
            if (rows.Count > 0)
            {
                broken.Add($"{invariant}: {rows.Count} ({string.Join(", ", rows.Take(10))})");
            }
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));

        // Every basket the server acknowledged was committed, under the id it answered.
        var stored = (await PairsAsync(connection, $"SELECT retailer_basket_code, id FROM baskets WHERE chain_id = {shop.Chain.ChainId}"))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var lost = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var id) || id != a.Value.BasketId).Select(a => a.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged baskets missing: {string.Join(", ", lost.Take(10))}");
        Assert.True(stored.Count >= acknowledged.Count);
        var redeemed = await ColumnAsync(connection, "SELECT id FROM vouchers WHERE status = 'redeemed'");
        Assert.NotEmpty(redeemed);
        var earned = await ColumnAsync(connection, "SELECT user_id FROM member_wallets WHERE balance_cents > 0");
        Assert.NotEmpty(earned);
        return stored.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>PostgreSQL only: the server's transactions in progress, to show the kill lands inside some.</summary>
    private static async Task<int?> OpenTransactionsAsync(TestDatabase database)
    {
        if (database.Engine != Engines.Postgres)
        {
            return null;
        }
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static DbConnection Open(TestDatabase database)
    {
        DbConnection connection = database.Engine == Engines.Postgres ? new NpgsqlConnection(database.ConnectionString) : new SqliteConnection(database.ConnectionString);
        connection.Open();
        return connection;
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    private static async Task<List<KeyValuePair<string, long>>> PairsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<KeyValuePair<string, long>>();
        while (await reader.ReadAsync())
        {
            pairs.Add(new(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }
        return pairs;
    }

    public sealed record ChainKeys(int ChainId, string Hostname, string PrivilegedKey);

    public sealed record Member(int Id, string Number, IReadOnlyList<string> Vouchers)
    {
        public ConcurrentQueue<string> Unused { get; } = new(Vouchers);
    }

    /// <summary>A chain with a money wallet, a 10% cashback campaign into it, members and their claimed vouchers.</summary>
    private sealed record Shop(ChainKeys Chain, IReadOnlyList<Member> Members)
    {
        public static async Task<Shop> CreateAsync(ServerProcess server, ChainKeys chain)
        {
            using var http = server.Client(chain);
            var wallet = await CampaignAsync(http, """{"type":"wallet","title":"Money Wallet"}""");
            await CampaignAsync(http, $$"""{"type":"cashback","title":"Store Rewards","earn_percentage":10,"recipient_campaign_id":{{wallet}}}""");
            var gifts = await CampaignAsync(http, """{"type":"loyalty","title":"Welcome gift"}""");
            var members = new List<Member>();
            for (var m = 0; m < MemberCount; m++)
            {
                var number = $"CRASH-{m}-{Guid.NewGuid():N}"[..24];
                using var added = await FormAsync(http, "/internal/add-user", ("username", $"crash-{Guid.NewGuid():N}@example.test"), ("member_number", number));
                var id = added.RootElement.GetProperty("results").GetProperty("user_info").GetProperty("user_id").GetInt32();
                var keys = new List<string>();
                for (var v = 0; v < VouchersPerMember; v++)
                {
                    // Mostly smaller than a basket; some larger, so a remainder voucher is issued.
                    var amount = (1 + ((m * VouchersPerMember) + v) % 30).ToString("0.00", CultureInfo.InvariantCulture);
                    using var created = await FormAsync(http, "/create-voucher", ("user_id", id.ToString(CultureInfo.InvariantCulture)),
                        ("campaign_id", gifts.ToString(CultureInfo.InvariantCulture)), ("voucher_amount", amount), ("set_claimed", "true"));
                    var results = created.RootElement.GetProperty("results");
                    var voucher = results.TryGetProperty("voucher", out var inner) ? inner : results;
                    keys.Add(voucher.GetProperty("voucher_key").GetString()!);
                }
                members.Add(new Member(id, number, keys));
            }
            return new Shop(chain, members);
        }

        /// <summary>Half the time a voucher not named yet, otherwise any of the member's: racing baskets name the same one.</summary>
        public static string PickVoucher(Member member, Random random) =>
            random.Next(2) == 0 && member.Unused.TryDequeue(out var fresh) ? fresh : member.Vouchers[random.Next(member.Vouchers.Count)];

        public string Basket(string code, Member member, Random random, string? voucherKey)
        {
            var lines = new List<string>();
            long total = 0;
            var count = random.Next(2, 6);
            for (var i = 0; i < count; i++)
            {
                var quantity = random.Next(1, 4);
                var cents = random.Next(5, 41) * 100;
                total += quantity * cents;
                lines.Add($$"""{"item_barcode":"CR-{{random.Next(20)}}","retailer_item_code":"line_{{i}}","item_quantity":{{quantity}},"item_price":{{Money(cents)}}}""");
            }
            var vouchers = voucherKey is null ? "" : $$""","basket_vouchers":[{"voucher_key":"{{voucherKey}}"}]""";
            return $$"""{"entity":{"entity_type":"chain","entity_id":{{Chain.ChainId}}},"user":{"member_programme":"spaaza","member_number":"{{member.Number}}"},"basket":{"basket_platform_type":"in_store","retailer_basket_code":"{{code}}","basket_total_price":{{Money(total)}},"basket_currency":{"currency_code":"EUR"},"basket_items":[{{string.Join(",", lines)}}]{{vouchers}}""" + "}}";
        }

        private static string Money(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

        private static async Task<int> CampaignAsync(HttpClient http, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/internal/add-campaign", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            using var answer = JsonDocument.Parse(text);
            return answer.RootElement.GetProperty("results").GetProperty("campaign").GetProperty("id").GetInt32();
        }

        private static async Task<JsonDocument> FormAsync(HttpClient http, string path, params (string Name, string Value)[] form)
        {
            using var content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
            using var response = await http.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
            return JsonDocument.Parse(text);
        }
    }

    /// <summary>
    /// <c>dotnet Tessera.Server.dll</c> (from the test output folder) on a database and a free port. Disposing kills
    /// it, whatever happened; its output is kept for failure messages.
    /// </summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "Tessera.Server.dll");

        private readonly Process _process;
        private readonly ConcurrentQueue<string> _log = new();

        private ServerProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public bool Killed { get; private set; }

        public string Log => string.Join("\n", _log.TakeLast(40));

        public static async Task<ChainKeys> BootstrapAsync(TestDatabase database)
        {
            var id = Guid.NewGuid().ToString("N")[..12];
            var start = Start(database, "bootstrap", "--chain-name", $"Crash {id}", "--hostname", $"crash-{id}.example.test",
                "--admin-username", $"admin-{id}@example.test", "--admin-password", "admin-secret-1", "--json");
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                Assert.True(process.ExitCode == 0, $"bootstrap exited with {process.ExitCode}: {await stderr}");
                using var result = JsonDocument.Parse(await stdout);
                var root = result.RootElement;
                return new ChainKeys(root.GetProperty("chain_id").GetInt32(), root.GetProperty("app_hostname").GetString()!, root.GetProperty("privileged_key").GetString()!);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }

        public static async Task<ServerProcess> StartAsync(TestDatabase database, ITestOutputHelper output)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var process = new Process { StartInfo = Start(database, "--urls", address.ToString().TrimEnd('/')) };
            var server = new ServerProcess(process, address);
            process.OutputDataReceived += (_, e) => server.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
                var waited = Stopwatch.StartNew();
                while (true)
                {
                    Assert.False(process.HasExited, $"the server exited with {(process.HasExited ? process.ExitCode : 0)}\n{server.Log}");
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"the server did not answer /health within 90 s\n{server.Log}");
                    try
                    {
                        using var health = await http.GetAsync("/health");
                        if (health.IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // Not listening yet.
                    }
                    await Task.Delay(100);
                }
                output.WriteLine($"server pid {process.Id} on {address} up after {waited.ElapsedMilliseconds} ms");
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        public HttpClient Client(ChainKeys chain)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Loops * 2 }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", chain.PrivilegedKey);
            http.DefaultRequestHeaders.Add("X-MyPrice-App-Hostname", chain.Hostname);
            return http;
        }

        /// <summary>SIGKILL to the server (and anything it started): no shutdown, no flush, transactions cut where they are.</summary>
        public void Kill()
        {
            Killed = true;
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            Assert.True(_process.WaitForExit(30_000), "the killed server did not exit");
        }

        public ValueTask DisposeAsync()
        {
            if (!Killed)
            {
                Kill();
            }
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            _log.Enqueue(line);
            while (_log.Count > 200)
            {
                _log.TryDequeue(out _);
            }
        }

        private static ProcessStartInfo Start(TestDatabase database, params string[] arguments)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(ServerDll);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["Database__Provider"] = database.Provider;
            start.Environment["Database__ConnectionString"] = database.ConnectionString;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment.Remove("ASPNETCORE_URLS");
            start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
            return start;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
