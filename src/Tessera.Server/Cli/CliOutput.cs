using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Tessera.Server.Cli;

/// <summary>
/// Prints a command's output on stdout: one line of JSON with <c>--json</c>, otherwise a table (an object as field and
/// value rows, an array of objects as one row each). Messages and progress go to stderr (<see cref="Errors"/>).
/// </summary>
internal static class CliOutput
{
    private static readonly JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A console on stderr for progress and notes; plain (no colours, no cursor moves) when stderr is redirected.</summary>
    public static IAnsiConsole Errors { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Interactive = Console.IsErrorRedirected ? InteractionSupport.No : InteractionSupport.Detect,
        Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
    });

    public static bool ErrorsInteractive => !Console.IsErrorRedirected && Errors.Profile.Capabilities.Interactive;

    public static async Task WriteAsync(JsonNode output, bool json)
    {
        if (json)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(output, Plain));
            await stdout.WriteAsync("\n"u8.ToArray());
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (Console.IsOutputRedirected)
        {
            // Keys and hostnames stay on one line however narrow the imagined terminal.
            console.Profile.Width = 400;
        }
        console.Write(Table(output));
    }

    private static Table Table(JsonNode node)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (node is JsonArray rows)
        {
            var columns = rows.OfType<JsonObject>().SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
            if (columns.Count == 0)
            {
                table.AddColumn("(none)");
                return table;
            }
            foreach (var column in columns)
            {
                table.AddColumn(Markup.Escape(column));
            }
            foreach (var row in rows.OfType<JsonObject>())
            {
                table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(Cell(row[c]))).ToArray());
            }
            return table;
        }
        table.AddColumn("field");
        table.AddColumn("value");
        if (node is JsonObject fields)
        {
            foreach (var (name, value) in fields)
            {
                table.AddRow(new Text(name), value is JsonArray list && list.Count > 0 && list[0] is JsonObject ? Table(list) : new Text(Cell(value)));
            }
        }
        return table;
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonArray list => string.Join(", ", list.Select(Cell)),
        JsonObject o => string.Join(", ", o.Select(p => $"{p.Key}={Cell(p.Value)}")),
        _ => value.ToJsonString(),
    };
}
