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

internal sealed class CampaignProgressConfiguration : IEntityTypeConfiguration<CampaignProgress>
{
    public void Configure(EntityTypeBuilder<CampaignProgress> builder)
    {
        builder.ToTable("campaign_progress");
        builder.HasKey(x => new { x.UserId, x.CampaignId });
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MerchantTokenConfiguration : IEntityTypeConfiguration<MerchantToken>
{
    public void Configure(EntityTypeBuilder<MerchantToken> builder)
    {
        builder.ToTable("merchant_tokens");
        builder.Property(x => x.TokenHash).HasMaxLength(64);
        builder.HasIndex(x => x.TokenHash).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.AdminUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressAdjustmentConfiguration : IEntityTypeConfiguration<ProgressAdjustment>
{
    public void Configure(EntityTypeBuilder<ProgressAdjustment> builder)
    {
        builder.ToTable("progress_adjustments");
        builder.Property(x => x.AuditComment).HasMaxLength(1024);
        builder.HasIndex(x => new { x.UserId, x.CampaignId });
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}
