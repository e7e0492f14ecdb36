using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BasketLineReturnConfiguration : IEntityTypeConfiguration<BasketLineReturn>
{
    public void Configure(EntityTypeBuilder<BasketLineReturn> builder)
    {
        builder.ToTable("basket_line_returns");
        builder.HasKey(x => x.LineId);
        builder.Property(x => x.LineId).ValueGeneratedNever();
    }
}
