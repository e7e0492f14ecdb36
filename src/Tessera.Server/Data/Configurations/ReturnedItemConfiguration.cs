using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ReturnedItemConfiguration : IEntityTypeConfiguration<ReturnedItem>
{
    public void Configure(EntityTypeBuilder<ReturnedItem> builder)
    {
        builder.ToTable("returned_items");
        builder.Property(x => x.OwnerCode).HasMaxLength(255);
        builder.HasIndex(x => x.ReturnTransactionId);
        builder.HasIndex(x => x.OriginalItemId);
        builder.HasOne<ReturnTransaction>().WithMany().HasForeignKey(x => x.ReturnTransactionId).OnDelete(DeleteBehavior.Cascade);
    }
}
