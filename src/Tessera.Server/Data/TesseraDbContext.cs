using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data;

public sealed class TesseraDbContext(DbContextOptions<TesseraDbContext> options) : DbContext(options)
{
    private bool? _isPostgres;

    /// <summary>Database.IsNpgsql(), looked up once per context (it resolves a provider service each time).</summary>
    public bool IsPostgres => _isPostgres ??= Database.IsNpgsql();
    public DbSet<Chain> Chains => Set<Chain>();
    public DbSet<Currency> Currencies => Set<Currency>();
    public DbSet<Business> Businesses => Set<Business>();
    public DbSet<App> Apps => Set<App>();
    public DbSet<User> Users => Set<User>();
    public DbSet<AdminPermission> AdminPermissions => Set<AdminPermission>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();
    public DbSet<CrossSiteToken> CrossSiteTokens => Set<CrossSiteToken>();
    public DbSet<UserNote> UserNotes => Set<UserNote>();
    public DbSet<MemberSearchTerm> MemberSearchTerms => Set<MemberSearchTerm>();
    public DbSet<LoyaltyLevel> LoyaltyLevels => Set<LoyaltyLevel>();
    public DbSet<LoyaltyLevelChange> LoyaltyLevelChanges => Set<LoyaltyLevelChange>();
    public DbSet<MemberLoyaltyLevel> MemberLoyaltyLevels => Set<MemberLoyaltyLevel>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<ExportNonce> ExportNonces => Set<ExportNonce>();
    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<MemberWallet> MemberWallets => Set<MemberWallet>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<OpeningBalance> OpeningBalances => Set<OpeningBalance>();
    public DbSet<CampaignReward> CampaignRewards => Set<CampaignReward>();
    public DbSet<CampaignProgress> CampaignProgress => Set<CampaignProgress>();
    public DbSet<MerchantToken> MerchantTokens => Set<MerchantToken>();
    public DbSet<ProgressAdjustment> ProgressAdjustments => Set<ProgressAdjustment>();
    public DbSet<Voucher> Vouchers => Set<Voucher>();
    public DbSet<Basket> Baskets => Set<Basket>();
    public DbSet<BasketCode> BasketCodes => Set<BasketCode>();
    public DbSet<BasketLineReturn> BasketLineReturns => Set<BasketLineReturn>();
    public DbSet<ReturnTransaction> ReturnTransactions => Set<ReturnTransaction>();
    public DbSet<ReturnedItem> ReturnedItems => Set<ReturnedItem>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductVariant> ProductVariants => Set<ProductVariant>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ReceiptPdf> ReceiptPdfs => Set<ReceiptPdf>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite hands back Unspecified, so the kind is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TesseraDbContext).Assembly);

        // The one provider difference of the model: search-term prefix ranges compare bytes ("C"), as SQLite does.
        if (Database.IsNpgsql())
        {
            modelBuilder.Entity<MemberSearchTerm>().Property(t => t.Term).UseCollation("C");
        }

        // snake_case columns, the same on both engines, so hand-written SQL reads naturally.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                if (i > 0 && previousIsLowerOrDigit)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsDigit(c) && i > 0 && char.IsLetter(name[i - 1]))
            {
                sb.Append('_').Append(c);
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
