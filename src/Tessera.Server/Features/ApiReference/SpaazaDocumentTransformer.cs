using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tessera.Server.Features.ApiReference;

/// <summary>
/// Completes the generated OpenAPI document from <see cref="CallCatalogue"/>: the handlers read their parameters
/// themselves (the Spaaza rules for query, form and JSON bodies), so the generator sees none. Adds each call's
/// parameters, body, answers (the envelope, the error envelope, or the bare answer), credentials and examples, and the
/// three credentials of the spec as security schemes.
/// </summary>
internal sealed class SpaazaDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Envelope = "Envelope";
    private const string ErrorEnvelope = "ErrorEnvelope";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Tessera: the Spaaza API",
            Version = "1.4.1",
            Description = "Every call of the Spaaza API as Tessera serves it, and LevelUp's progress_adjustments. Answers are "
                + "the Spaaza envelope (`result`, `results`) or the error envelope (`result`, `error`); send "
                + "`X-Spaaza-API-version` to choose the answer's version. Where Tessera chose what the spec leaves open: "
                + "docs/spec-choices.md.",
        };
        var components = document.Components ??= new OpenApiComponents();
        components.SecuritySchemes = SecuritySchemes();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        components.Schemas[Envelope] = EnvelopeSchema();
        components.Schemas[ErrorEnvelope] = ErrorSchema();
        foreach (var (_, pathItem) in document.Paths)
        {
            foreach (var (method, operation) in pathItem.Operations ?? [])
            {
                if (operation.OperationId is { } name && CallCatalogue.Find(name) is { } call)
                {
                    Describe(document, method, operation, call);
                }
            }
        }
        return Task.CompletedTask;
    }

    private static Dictionary<string, IOpenApiSecurityScheme> SecuritySchemes() => new()
    {
        ["sessionUserId"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "session-user-id",
            Description = "The session's user id from /auth/login (with session-key). Also accepted as X-Spaaza-Session-User-Id.",
        },
        ["sessionKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "session-key",
            Description = "The session key from /auth/login (with session-user-id). Also accepted as X-Spaaza-Session-Key.",
        },
        ["privileged"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "ID:SECRET",
            Description = "A privileged client's key (from the `bootstrap` or `keys create` command).",
        },
        ["appHostname"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-MyPrice-App-Hostname",
            Description = "The app's hostname: names the chain for members and anonymous callers. Also X-Spaaza-MyPrice-App-Hostname.",
        },
        ["levelUpMerchant"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
            Description = "LevelUp: `token merchant=\"…\"` with the merchant token from POST /v15/access_tokens.",
        },
    };

    private static OpenApiSchema EnvelopeSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A successful answer: result.code 1, the call's results (with result_type naming the call) and any warnings.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["result"] = ResultSchema(),
            ["results"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The call's own shape." },
            ["warnings"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = ErrorObject() },
        },
        Required = new HashSet<string> { "result", "results" },
    };

    private static OpenApiSchema ErrorSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A failed answer: result.code 2 and the error of the spec's catalogue (API 1.4.0 and later: `error`; "
            + "older clients: `errors`, keyed by code; without a version header both).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["result"] = ResultSchema(),
            ["error"] = ErrorObject(),
            ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Legacy: {\"<code>\": {\"name\", \"description\", \"extrainfo\"}}." },
        },
        Required = new HashSet<string> { "result" },
    };

    private static OpenApiSchema ResultSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "1 ok, 2 error" },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "ok or error" },
        },
    };

    private static OpenApiSchema ErrorObject() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The catalogue's code." },
            ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["message"] = new OpenApiSchema { Description = "What exactly went wrong: a text, or an object such as {\"correlation_id\"}." },
        },
    };

    private static void Describe(OpenApiDocument document, HttpMethod method, OpenApiOperation operation, CallDoc call)
    {
        operation.Summary = call.Summary;
        operation.Description = call.Description;
        var body = call.Body == CallBody.Auto ? (method == HttpMethod.Get || method == HttpMethod.Delete ? CallBody.Query : CallBody.Form) : call.Body;
        if (body == CallBody.Query)
        {
            // The route's own parameters (a path's {id}) stay as the generator found them.
            operation.Parameters =
            [
                .. (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Path),
                .. call.Parameters.Select(p => (IOpenApiParameter)new OpenApiParameter
                {
                    Name = p.Name, In = ParameterLocation.Query, Required = p.Required, Description = p.Description, Schema = Schema(p),
                }),
            ];
        }
        else if (call.Parameters.Length > 0 || call.RequestExample is not null)
        {
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = call.Parameters.ToDictionary(p => p.Name, p => (IOpenApiSchema)Schema(p)),
                Required = call.Parameters.Where(p => p.Required).Select(p => p.Name).ToHashSet(),
            };
            var media = new OpenApiMediaType { Schema = schema, Example = call.RequestExample is { } example ? JsonNode.Parse(example) : null };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = call.Parameters.Any(p => p.Required) || call.RequestExample is not null,
                Description = body == CallBody.Json
                    ? "A JSON body."
                    : "Form fields (urlencoded or multipart); the query string may carry them too, the body winning.",
                Content = body == CallBody.Json
                    ? new Dictionary<string, OpenApiMediaType> { ["application/json"] = media }
                    : new Dictionary<string, OpenApiMediaType> { ["application/x-www-form-urlencoded"] = media, ["multipart/form-data"] = new() { Schema = schema } },
            };
        }
        operation.Responses = new OpenApiResponses
        {
            ["200"] = Answer(document, call),
            ["4XX"] = new OpenApiResponse
            {
                Description = "Refused: the error envelope with the catalogue's code and its HTTP status.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorEnvelope, document) } },
            },
        };
        operation.Security = Security(document, call.Credentials);
    }

    private static OpenApiResponse Answer(OpenApiDocument document, CallDoc call)
    {
        var example = call.ResultExample is { } text ? JsonNode.Parse(text) : null;
        if (call.Produces is { } mediaType)
        {
            return new OpenApiResponse
            {
                Description = "The answer, as the spec's sample (not the envelope).",
                Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Example = example } },
            };
        }
        return new OpenApiResponse
        {
            Description = "The envelope; `results` as the example shows.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(Envelope, document), Example = example },
            },
        };
    }

    private static List<OpenApiSecurityRequirement> Security(OpenApiDocument document, Credentials credentials)
    {
        var requirements = new List<OpenApiSecurityRequirement>();
        void Add(params string[] schemes)
        {
            var requirement = new OpenApiSecurityRequirement();
            foreach (var scheme in schemes)
            {
                requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
            }
            requirements.Add(requirement);
        }
        if (credentials.HasFlag(Credentials.Member))
        {
            Add("sessionUserId", "sessionKey", "appHostname");
        }
        if (credentials.HasFlag(Credentials.Admin))
        {
            Add("sessionUserId", "sessionKey");
        }
        if (credentials.HasFlag(Credentials.Privileged))
        {
            Add("privileged", "appHostname");
            Add("privileged");
        }
        if (credentials.HasFlag(Credentials.App))
        {
            Add("appHostname");
        }
        if (credentials.HasFlag(Credentials.LevelUpMerchant))
        {
            Add("levelUpMerchant");
        }
        if (credentials == Credentials.None)
        {
            requirements.Add(new OpenApiSecurityRequirement()); // anonymous
        }
        return requirements;
    }

    private static OpenApiSchema Schema(Param p)
    {
        var schema = p.Type switch
        {
            "integer" => new OpenApiSchema { Type = JsonSchemaType.Integer },
            "number" => new OpenApiSchema { Type = JsonSchemaType.Number },
            "boolean" => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            "date" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
            "date-time" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            "object" => new OpenApiSchema { Type = JsonSchemaType.Object },
            "array" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema() },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
        schema.Description = p.Type == "boolean" ? p.Description + " (true/false, 1/0 or yes/no)" : p.Description;
        return schema;
    }
}
