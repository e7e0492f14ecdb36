namespace Tessera.Server.Features.ApiReference;

/// <summary>
/// What the OpenAPI document says of one call, found by its endpoint name (<c>WithName</c>): who may make it, what it
/// takes, and what it answers. Each feature lists its own calls in a <c>…CallDocs</c> class; <see cref="CallCatalogue"/>
/// gathers them.
/// </summary>
public sealed record CallDoc(string Name, string Summary, Credentials Credentials, params Param[] Parameters)
{
    /// <summary>Where the call takes its parameters; <see cref="CallBody.Auto"/>: query for GET and DELETE, form otherwise.</summary>
    public CallBody Body { get; init; } = CallBody.Auto;

    /// <summary>A request body as the spec's sample shows it (JSON calls).</summary>
    public string? RequestExample { get; init; }

    /// <summary>The results object (or bare answer) as the spec's sample shows it.</summary>
    public string? ResultExample { get; init; }

    /// <summary>The answer is not the envelope: bare JSON (the spec's services-style calls), CSV or a file.</summary>
    public string? Produces { get; init; }

    /// <summary>The call takes no parameter: its credential says all (logout, get-login-status for oneself).</summary>
    public bool TakesNothing { get; init; }

    /// <summary>More than the summary: rules, the spec section, Tessera's choices.</summary>
    public string? Description { get; init; }
}

public enum CallBody
{
    Auto,
    Query,
    Form,
    Json,
}
