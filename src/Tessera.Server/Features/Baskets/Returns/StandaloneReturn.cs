namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>A line of a standalone return: by owner code or barcode, and how many units.</summary>
public sealed record StandaloneReturnItem(string? OwnerCode, string? Barcode, decimal Quantity);

/// <summary>spec return (standalone): the lines of one original basket to return, idempotent on return_owner_code.</summary>
public sealed record StandaloneReturn(EntityInput Entity, string? ReturnOwnerCode, long? OriginalBasketId, string? OriginalBasketCode, string? Note, IReadOnlyList<StandaloneReturnItem> Items);
