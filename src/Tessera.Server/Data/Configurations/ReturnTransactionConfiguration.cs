using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ReturnTransactionConfiguration : IEntityTypeConfiguration<ReturnTransaction>
{
    public void Configure(EntityTypeBuilder<ReturnTransaction> builder)
    {
        builder.ToTable("return_transactions");
        builder.Property(x => x.ReturnOwnerCode).HasMaxLength(255);
        builder.Property(x => x.Note).HasMaxLength(4095);
        builder.HasIndex(x => new { x.ChainId, x.ReturnOwnerCode }).IsUnique();
        builder.HasIndex(x => x.OriginalBasketId);
        builder.HasIndex(x => x.ReturningBasketId);
        builder.HasOne<Basket>().WithMany().HasForeignKey(x => x.OriginalBasketId).OnDelete(DeleteBehavior.Restrict);
    }
}
