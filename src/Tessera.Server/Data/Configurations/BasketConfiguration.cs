using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BasketConfiguration : IEntityTypeConfiguration<Basket>
{
    public void Configure(EntityTypeBuilder<Basket> builder)
    {
        builder.ToTable("baskets");
        builder.Property(x => x.RetailerBasketCode).HasMaxLength(255);
        builder.Property(x => x.PlatformType).HasMaxLength(16);
        builder.Property(x => x.CountryCode).HasMaxLength(2);
        builder.Property(x => x.TimestampIso8601).HasMaxLength(64);
        builder.Property(x => x.TimezoneName).HasMaxLength(64);
        builder.Property(x => x.VoucherLockingCode).HasMaxLength(255);
        builder.Property(x => x.EmployeeCode).HasMaxLength(64);
        builder.Property(x => x.EmployeeName).HasMaxLength(255);
        builder.Property(x => x.MemberProgramme).HasMaxLength(64);
        builder.Property(x => x.Notes).HasMaxLength(4095);
        builder.HasIndex(x => new { x.ChainId, x.RetailerBasketCode }).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.PurchasedAt });
        // No foreign keys to the chain and member (migration 0008): each basket would lock both rows.
    }
}
