namespace Tessera.Server.Protocol;

/// <summary>
/// The limits every request's input is held to before any endpoint sees it (configuration section
/// <c>Tessera:Limits</c>; defaults documented in docs/spec-choices.md). Beyond them a request is answered 4xx and
/// logged at information level: 413 for a body over <see cref="MaxBodyBytes"/>, 400 for the rest.
/// </summary>
public sealed class InputLimits
{
    public const string Section = "Tessera:Limits";

    /// <summary>A request body's size in bytes (Kestrel's own default, 30 000 000).</summary>
    public long MaxBodyBytes { get; set; } = 30_000_000;

    /// <summary>Fields of a form body, and of a query string, each (ASP.NET Core's form default).</summary>
    public int MaxFields { get; set; } = 1024;

    /// <summary>A field name's length in characters, in a form or a query string (ASP.NET Core's form default).</summary>
    public int MaxKeyLength { get; set; } = 2048;

    /// <summary>A field value's length in characters, in a form, a query string or a JSON string.</summary>
    public int MaxValueLength { get; set; } = 65_536;

    /// <summary>How deep arrays and objects of a JSON body may nest (System.Text.Json's default).</summary>
    public int MaxJsonDepth { get; set; } = 64;
}
