using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class CrossSiteTokenConfiguration : IEntityTypeConfiguration<CrossSiteToken>
{
    public void Configure(EntityTypeBuilder<CrossSiteToken> builder)
    {
        builder.ToTable("cross_site_tokens");
        // The clean-up job finds expired rows by it (Features/Scheduling).
        builder.HasIndex(x => x.ExpiresAt);
        builder.Property(x => x.TokenHash).HasMaxLength(64);
        builder.HasIndex(x => x.TokenHash).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<App>().WithMany().HasForeignKey(x => x.AppId).OnDelete(DeleteBehavior.Cascade);
    }
}
