using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ReturnedItemConfiguration : IEntityTypeConfiguration<ReturnedItem>
{
    public void Configure(EntityTypeBuilder<ReturnedItem> builder)
    {
        builder.ToTable("returned_items");
        builder.Property(x => x.OwnerCode).HasMaxLength(255);
        // Whole thousandths (ADR 0025), like basket_line_returns.returned_quantity.
        builder.Property(x => x.Quantity)
            .HasConversion(q => Quantities.ToThousandths(q), t => Quantities.FromThousandths(t));
        builder.HasIndex(x => x.ReturnTransactionId);
        builder.HasIndex(x => x.OriginalItemId);
        builder.HasOne<ReturnTransaction>().WithMany().HasForeignKey(x => x.ReturnTransactionId).OnDelete(DeleteBehavior.Cascade);
    }
}
