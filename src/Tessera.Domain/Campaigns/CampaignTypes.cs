namespace Tessera.Domain.Campaigns;

/// <summary>The campaign types Tessera runs (spec: campaign types), by their <c>type</c> value.</summary>
public static class CampaignTypes
{
    public const string Wallet = "wallet";
    public const string PointsWallet = "points_wallet";
    public const string Cashback = "cashback";
    public const string Progress = "progress";
    public const string PurchaseCount = "purchase_count";
    public const string Signup = "signup";
    public const string Birthday = "birthday";
    public const string Affiliate = "affiliate";
    public const string ProfileCompletion = "profile_completion";
    public const string Interaction = "interaction";
    public const string Login = "login";
    public const string Basket = "basket";
    public const string Product = "product";
    public const string Loyalty = "loyalty";

    public static IReadOnlyList<string> All { get; } =
    [
        Wallet, PointsWallet, Cashback, Progress, PurchaseCount, Signup, Birthday, Affiliate,
        ProfileCompletion, Interaction, Login, Basket, Product, Loyalty,
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);

    /// <summary>Campaigns that hold balances in the ledger.</summary>
    public static bool IsWallet(string type) => type is Wallet or PointsWallet;
}
