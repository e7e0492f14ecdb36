namespace Tessera.Domain.Members;

/// <summary>One confirmed basket of a member, as the statistics need it.</summary>
public sealed record PurchaseRecord(DateTime PurchasedAtUtc, decimal Total, bool Online, int? StoreId);
