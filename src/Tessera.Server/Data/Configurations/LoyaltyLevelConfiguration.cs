using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class LoyaltyLevelConfiguration : IEntityTypeConfiguration<LoyaltyLevel>
{
    public void Configure(EntityTypeBuilder<LoyaltyLevel> builder)
    {
        builder.ToTable("loyalty_levels");
        builder.Property(x => x.Name).HasMaxLength(255);
        builder.Property(x => x.Description).HasMaxLength(1024);
        builder.HasIndex(x => new { x.ChainId, x.CampaignId });
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
