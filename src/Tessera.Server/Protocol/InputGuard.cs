using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Tessera.Server.Protocol;

/// <summary>
/// What every request is checked for before its endpoint runs, without reading its body: the body's declared size,
/// control characters in header values, and the query string against <see cref="InputLimits"/>. Form and JSON
/// bodies are checked where they are read (<see cref="SpaazaParams"/>, <see cref="JsonBody"/>).
/// </summary>
public static class InputGuard
{
    /// <summary>Binds <see cref="InputLimits"/> from <c>Tessera:Limits</c> and holds ASP.NET Core's form reader to them.</summary>
    public static IServiceCollection AddInputLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InputLimits>(configuration.GetSection(InputLimits.Section));
        services.AddOptions<FormOptions>().Configure<IOptions<InputLimits>>((form, limits) =>
        {
            form.ValueCountLimit = limits.Value.MaxFields;
            form.KeyLengthLimit = limits.Value.MaxKeyLength;
            form.ValueLengthLimit = limits.Value.MaxValueLength;
            form.MultipartBodyLengthLimit = limits.Value.MaxBodyBytes;
        });
        return services;
    }

    public static InputLimits Limits(HttpContext context) =>
        context.RequestServices?.GetService<IOptions<InputLimits>>()?.Value ?? Defaults;

    private static readonly InputLimits Defaults = new();

    /// <summary>The failure of a request that breaks a limit before its body is read; null when it may go on.</summary>
    public static ApiFailure? Check(HttpContext context, InputLimits limits)
    {
        var request = context.Request;
        // Kestrel stops a longer body as it is read (a chunked one has no Content-Length to check here).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBodyBytes;
        }
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            return ErrorCodes.RequestTooLarge.With($"the body must be {InputText.Number(limits.MaxBodyBytes)} bytes or less");
        }
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null && InputText.HasControl(value))
                {
                    return ErrorCodes.ParameterInvalid.With($"the {InputText.Shown(name)} header must not contain control characters");
                }
            }
        }
        var query = request.Query;
        if (query.Count > limits.MaxFields)
        {
            return ErrorCodes.MultipleParameterMismatch.With($"at most {InputText.Number(limits.MaxFields)} query parameters are accepted");
        }
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                if (InputText.Check(name, value ?? string.Empty, limits) is { } failure)
                {
                    return failure;
                }
            }
        }
        return null;
    }

    /// <summary>The answer to refused input: the endpoint's own error shape (<see cref="IErrorWriter"/>) or the Spaaza envelope.</summary>
    public static Task WriteAsync(HttpContext context, Endpoint? endpoint, ApiFailure failure) =>
        endpoint?.Metadata.GetMetadata<IErrorWriter>() is { } writer
            ? writer.WriteAsync(context, failure)
            : Spaaza.WriteErrorAsync(context, failure);

    /// <summary>
    /// The answer to an exception caused by the request rather than the server: a reader's <see cref="BadInputException"/>,
    /// or ASP.NET Core's <see cref="BadHttpRequestException"/> (a body over the limit, cut short, or badly chunked).
    /// </summary>
    public static ApiFailure? FailureOf(Exception? exception) => exception switch
    {
        BadInputException bad => bad.Failure,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ErrorCodes.RequestTooLarge.With("the body is too large"),
        BadHttpRequestException { StatusCode: >= 400 and < 500 } bad => (ErrorCodes.ParameterInvalid with { HttpStatus = bad.StatusCode }).With(bad.Message),
        _ => null,
    };
}
