using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BasketLineReturnConfiguration : IEntityTypeConfiguration<BasketLineReturn>
{
    public void Configure(EntityTypeBuilder<BasketLineReturn> builder)
    {
        builder.ToTable("basket_line_returns");
        builder.HasKey(x => x.LineId);
        builder.Property(x => x.LineId).ValueGeneratedNever();
        // Whole thousandths (ADR 0025): the conditional upsert of a return adds and compares integers on both engines.
        builder.Property(x => x.ReturnedQuantity)
            .HasConversion(q => Quantities.ToThousandths(q), t => Quantities.FromThousandths(t));
    }
}
