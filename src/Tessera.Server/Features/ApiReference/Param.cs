namespace Tessera.Server.Features.ApiReference;

/// <summary>
/// One parameter of a call: its name as the spec spells it, its JSON Schema type (<c>string</c>, <c>integer</c>,
/// <c>number</c>, <c>boolean</c>, <c>date</c>, <c>date-time</c>) and what it means.
/// </summary>
public sealed record Param(string Name, string Type, string Description, bool Required = false)
{
    public static Param Text(string name, string description, bool required = false) => new(name, "string", description, required);

    public static Param Int(string name, string description, bool required = false) => new(name, "integer", description, required);

    public static Param Number(string name, string description, bool required = false) => new(name, "number", description, required);

    public static Param Flag(string name, string description, bool required = false) => new(name, "boolean", description, required);

    public static Param Date(string name, string description, bool required = false) => new(name, "date", description, required);
}
