using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable("product_variants");
        builder.Property(x => x.Barcode).HasMaxLength(255);
        builder.Property(x => x.Colour).HasMaxLength(64);
        builder.Property(x => x.Size).HasMaxLength(64);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.Property(x => x.WebUrl).HasMaxLength(1024);
        builder.HasIndex(x => new { x.ChainId, x.Barcode }).IsUnique();
        builder.HasIndex(x => x.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}
