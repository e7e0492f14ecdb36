using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class MemberSearchTermConfiguration : IEntityTypeConfiguration<MemberSearchTerm>
{
    public void Configure(EntityTypeBuilder<MemberSearchTerm> builder)
    {
        builder.ToTable("member_search_terms");
        builder.Property(x => x.Term).HasMaxLength(255);
        builder.HasIndex(x => new { x.ChainId, x.Term, x.UserId });
        builder.HasIndex(x => x.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
