namespace Tessera.Server.Protocol;

/// <summary>
/// Input a protocol reader (<see cref="SpaazaParams"/>, <see cref="JsonBody"/>) refuses before any endpoint logic
/// runs: a malformed body, a field over a limit, a control character. Thrown, as ASP.NET Core throws its own
/// <see cref="BadHttpRequestException"/>, so no handler can go on with such input; the pipeline answers it with
/// <see cref="Failure"/> and logs it at information level (see docs/adr/0026-bad-input-is-refused-at-the-readers.md).
/// </summary>
public sealed class BadInputException(ApiFailure failure)
    : BadHttpRequestException(failure.Message?.ToString() ?? failure.Error.Name, failure.Error.AnsweredStatus)
{
    public ApiFailure Failure { get; } = failure;
}
