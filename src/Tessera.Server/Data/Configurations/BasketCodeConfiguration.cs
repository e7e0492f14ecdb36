using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BasketCodeConfiguration : IEntityTypeConfiguration<BasketCode>
{
    public void Configure(EntityTypeBuilder<BasketCode> builder)
    {
        builder.ToTable("basket_codes");
        builder.HasKey(x => new { x.ChainId, x.Code, x.BasketId });
        builder.Property(x => x.Code).HasMaxLength(255);
        builder.HasIndex(x => x.BasketId);
        builder.HasOne<Basket>().WithMany().HasForeignKey(x => x.BasketId).OnDelete(DeleteBehavior.Cascade);
    }
}
