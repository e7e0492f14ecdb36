using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class VoucherConfiguration : IEntityTypeConfiguration<Voucher>
{
    public void Configure(EntityTypeBuilder<Voucher> builder)
    {
        builder.ToTable("vouchers");
        builder.Property(x => x.Key).HasMaxLength(64);
        builder.Property(x => x.Type).HasMaxLength(16);
        builder.Property(x => x.Status).HasMaxLength(16);
        // spec create-voucher: maximum lengths
        builder.Property(x => x.Title).HasMaxLength(255);
        builder.Property(x => x.Text).HasMaxLength(255);
        builder.Property(x => x.Description).HasMaxLength(1024);
        builder.Property(x => x.Notes).HasMaxLength(4095);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.Property(x => x.HonourCode).HasMaxLength(255);
        builder.Property(x => x.ProductCode).HasMaxLength(255);
        builder.Property(x => x.LockingCode).HasMaxLength(255);
        builder.Property(x => x.RetailerBasketCodeExclusive).HasMaxLength(255);
        builder.Property(x => x.BasketLockingCode).HasMaxLength(255);
        builder.HasIndex(x => x.Key).IsUnique();
        // The member index holds no status and PostgreSQL pages keep 10 % free (migration 0008): locking and
        // redeeming change no indexed column, so they are HOT updates.
        builder.HasIndex(x => x.UserId);
        builder.HasStorageParameter("fillfactor", 90);
        builder.HasIndex(x => new { x.ChainId, x.CreatedAt });
        builder.HasIndex(x => x.CampaignRewardId).IsUnique();
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Voucher>().WithMany().HasForeignKey(x => x.ParentVoucherId).OnDelete(DeleteBehavior.Restrict);
    }
}
