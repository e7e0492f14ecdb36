using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class MerchantTokenConfiguration : IEntityTypeConfiguration<MerchantToken>
{
    public void Configure(EntityTypeBuilder<MerchantToken> builder)
    {
        builder.ToTable("merchant_tokens");
        // The clean-up job finds expired rows by it (Features/Scheduling).
        builder.HasIndex(x => x.ExpiresAt);
        builder.Property(x => x.TokenHash).HasMaxLength(64);
        builder.HasIndex(x => x.TokenHash).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.AdminUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
