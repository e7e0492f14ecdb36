using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries");
        builder.Property(x => x.Kind).HasMaxLength(32);
        builder.Property(x => x.RetailerBasketCode).HasMaxLength(255);
        builder.Property(x => x.LogMessage).HasMaxLength(1024);
        // Serves a member's whole ledger (user-wallet-ledger) as well as one wallet's (migration 0008 dropped (user_id, created_at)).
        builder.HasIndex(x => new { x.UserId, x.WalletCampaignId, x.CreatedAt });
        // No foreign keys to the member and the wallet campaign (migration 0008): every entry would lock both rows,
        // and a chain's wallet campaign is one row shared by all its members' entries.
    }
}
