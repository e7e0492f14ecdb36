using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class MemberLoyaltyLevelConfiguration : IEntityTypeConfiguration<MemberLoyaltyLevel>
{
    public void Configure(EntityTypeBuilder<MemberLoyaltyLevel> builder)
    {
        builder.ToTable("member_loyalty_levels");
        builder.HasKey(x => x.UserId);
        builder.Property(x => x.UserId).ValueGeneratedNever();
        builder.HasIndex(x => x.LoyaltyLevelId);
        builder.HasOne<User>().WithOne().HasForeignKey<MemberLoyaltyLevel>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LoyaltyLevel>().WithMany().HasForeignKey(x => x.LoyaltyLevelId).OnDelete(DeleteBehavior.Restrict);
    }
}
