using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

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
