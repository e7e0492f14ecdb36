using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

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
