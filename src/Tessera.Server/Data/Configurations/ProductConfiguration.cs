using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(x => x.OwnerCode).HasMaxLength(255);
        builder.Property(x => x.Name).HasMaxLength(255);
        builder.Property(x => x.Description).HasMaxLength(4095);
        builder.Property(x => x.Brand).HasMaxLength(255);
        builder.Property(x => x.Season).HasMaxLength(64);
        builder.Property(x => x.Category).HasMaxLength(1024);
        builder.Property(x => x.WebUrl).HasMaxLength(1024);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.HasIndex(x => new { x.ChainId, x.OwnerCode }).IsUnique();
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
