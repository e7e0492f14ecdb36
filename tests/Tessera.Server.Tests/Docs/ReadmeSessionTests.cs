using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Server.Tests.Docs;

/// <summary>
/// The README's curl session works when pasted top to bottom: its commands run in one bash against a fresh server
/// process, and each answer has the fields and status the README shows (issue 28).
/// </summary>
public sealed partial class ReadmeSessionTests
{
    private sealed record Step(string Command, string Expected);

    [Fact, Trait("Category", "Slow")]
    public async Task The_readme_session_runs_top_to_bottom_and_answers_as_shown()
    {
        var steps = Steps(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md")));
        Assert.True(steps.Count >= 15, $"the README session has {steps.Count} commands");
        var work = Directory.CreateTempSubdirectory("tessera-readme-");
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "readme.db")}",
            ["TESSERA"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Tessera.Server.dll");
        using var server = Start("dotnet", [serverDll, "--urls", $"http://127.0.0.1:{port}"], environment, work.FullName);
        try
        {
            await WaitReadyAsync(port);
            var script = new StringBuilder("set -u\n");
            for (var i = 0; i < steps.Count; i++)
            {
                // The session as pasted, but run from the built server instead of building it, and kept out of /tmp's
                // shared file; the server's address comes from the environment.
                var command = steps[i].Command
                    .Replace("dotnet run --project src/Tessera.Server --", $"dotnet '{serverDll}'", StringComparison.Ordinal)
                    .Replace("/tmp/tessera-answer.json", Path.Combine(work.FullName, "answer.json"), StringComparison.Ordinal);
                if (command.StartsWith("export TESSERA=", StringComparison.Ordinal))
                {
                    command = ":";
                }
                script.Append(command).Append("\necho\necho '@@@").Append(i).Append("@@@'\n");
            }
            var scriptFile = Path.Combine(work.FullName, "session.sh");
            await File.WriteAllTextAsync(scriptFile, script.ToString());
            using var bash = Start("bash", [scriptFile], environment, RepositoryRoot());
            var stdout = bash.StandardOutput.ReadToEndAsync();
            var stderr = bash.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await bash.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var answers = Regex.Split(output, @"@@@\d+@@@\n?");
            var problems = new List<string>();
            for (var i = 0; i < steps.Count; i++)
            {
                var actual = i < answers.Length ? answers[i] : "";
                var expected = steps[i].Expected;
                if (expected.Length == 0)
                {
                    continue;
                }
                var missing = JsonKey().Matches(expected).Select(m => m.Groups[1].Value).Distinct()
                    .Where(key => !actual.Contains($"\"{key}\":", StringComparison.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"step {i} `{Shorten(steps[i].Command)}`: no {string.Join(", ", missing)} in {Shorten(actual)}");
                }
                if (expected.Contains("\"status\":\"ok\"", StringComparison.Ordinal) && !actual.Contains("\"status\":\"ok\"", StringComparison.Ordinal))
                {
                    problems.Add($"step {i} `{Shorten(steps[i].Command)}`: not ok: {Shorten(actual)}");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nstderr: " + await stderr);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>The commands between the session markers, each with the answer the README shows after it.</summary>
    private static List<Step> Steps(string readme)
    {
        var start = readme.IndexOf("<!-- readme-session:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- readme-session:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no session markers");
        var lines = readme[start..end].Split('\n');
        var steps = new List<Step>();
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !line.StartsWith("$ ", StringComparison.Ordinal))
            {
                continue;
            }
            var command = new StringBuilder(line[2..]);
            while (command.ToString().EndsWith('\\') && i + 1 < lines.Length)
            {
                command.Append('\n').Append(lines[++i]);
            }
            if (HereDocument().Match(command.ToString()) is { Success: true } here)
            {
                while (i + 1 < lines.Length && lines[++i] != here.Groups[1].Value)
                {
                    command.Append('\n').Append(lines[i]);
                }
                command.Append('\n').Append(here.Groups[1].Value);
            }
            var expected = new StringBuilder();
            while (i + 1 < lines.Length && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal) && !lines[i + 1].StartsWith("```", StringComparison.Ordinal))
            {
                expected.Append(lines[++i]).Append('\n');
            }
            steps.Add(new Step(command.ToString(), expected.ToString().Trim()));
        }
        return steps;
    }

    private static Process Start(string file, string[] arguments, Dictionary<string, string> environment, string directory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    private static async Task WaitReadyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(500);
        }
        Assert.Fail("the server did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tessera.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Tessera.sln not found above the test's folder");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex("\"([a-z_0-9]+)\":")]
    private static partial Regex JsonKey();

    [GeneratedRegex("<<'?([A-Z]+)'?")]
    private static partial Regex HereDocument();
}
