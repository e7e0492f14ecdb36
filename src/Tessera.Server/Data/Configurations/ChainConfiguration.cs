using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ChainConfiguration : IEntityTypeConfiguration<Chain>
{
    public void Configure(EntityTypeBuilder<Chain> builder)
    {
        builder.ToTable("chains");
        builder.Property(x => x.Name).HasMaxLength(128);
        builder.Property(x => x.TimeZone).HasMaxLength(64);
        builder.Property(x => x.ReceiptLogoUrl).HasMaxLength(1024);
        builder.Property(x => x.ReceiptWebsiteUrl).HasMaxLength(1024);
        builder.Property(x => x.ReceiptEmail).HasMaxLength(256);
        builder.Property(x => x.ReceiptSubject).HasMaxLength(256);
        builder.Property(x => x.ReceiptBackgroundColor).HasMaxLength(32);
        builder.HasOne<Currency>().WithMany().HasForeignKey(x => x.CurrencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
