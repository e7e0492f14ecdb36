using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class MemberWalletConfiguration : IEntityTypeConfiguration<MemberWallet>
{
    public void Configure(EntityTypeBuilder<MemberWallet> builder)
    {
        builder.ToTable("member_wallets");
        builder.HasKey(x => new { x.UserId, x.CampaignId });
        // No foreign keys (migration 0008): a member's first credit would lock the member and the chain's wallet campaign.
    }
}
