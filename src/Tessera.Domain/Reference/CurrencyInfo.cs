namespace Tessera.Domain.Reference;

/// <summary>An ISO-4217 currency with the numeric id Spaaza clients send as <c>currency_id</c>.</summary>
public sealed record CurrencyInfo(int Id, string Code, string Name, string Symbol, int MinorUnits);
