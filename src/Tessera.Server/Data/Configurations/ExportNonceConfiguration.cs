using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ExportNonceConfiguration : IEntityTypeConfiguration<ExportNonce>
{
    public void Configure(EntityTypeBuilder<ExportNonce> builder)
    {
        builder.ToTable("export_nonces");
        builder.Property(x => x.Entity).HasMaxLength(32);
        builder.Property(x => x.NonceHash).HasMaxLength(64);
        builder.HasIndex(x => x.NonceHash).IsUnique();
        // The clean-up job finds expired rows by it (Features/Scheduling).
        builder.HasIndex(x => x.ExpiresAt);
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
