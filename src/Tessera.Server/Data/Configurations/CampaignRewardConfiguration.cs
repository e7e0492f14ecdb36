using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class CampaignRewardConfiguration : IEntityTypeConfiguration<CampaignReward>
{
    public void Configure(EntityTypeBuilder<CampaignReward> builder)
    {
        builder.ToTable("campaign_rewards");
        builder.Property(x => x.Occurrence).HasMaxLength(64);
        builder.Property(x => x.RewardType).HasMaxLength(16);
        builder.Property(x => x.Status).HasMaxLength(16);
        builder.HasIndex(x => new { x.CampaignId, x.UserId, x.Occurrence }).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.Status });
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}
