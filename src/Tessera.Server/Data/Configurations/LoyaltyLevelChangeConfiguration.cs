using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class LoyaltyLevelChangeConfiguration : IEntityTypeConfiguration<LoyaltyLevelChange>
{
    public void Configure(EntityTypeBuilder<LoyaltyLevelChange> builder)
    {
        builder.ToTable("loyalty_level_changes");
        builder.HasIndex(x => x.UserId);
    }
}
