using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class UserNoteConfiguration : IEntityTypeConfiguration<UserNote>
{
    public void Configure(EntityTypeBuilder<UserNote> builder)
    {
        builder.ToTable("user_notes");
        builder.Property(x => x.Text).HasMaxLength(1000);
        builder.HasIndex(x => x.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}

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

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.Property(x => x.Type).HasMaxLength(64);
        // The dispatcher's order; nothing reads events by chain (migration 0008 dropped (chain_id, id)).
        builder.HasIndex(x => new { x.DispatchedAt, x.Id });
    }
}

internal sealed class ExportNonceConfiguration : IEntityTypeConfiguration<ExportNonce>
{
    public void Configure(EntityTypeBuilder<ExportNonce> builder)
    {
        builder.ToTable("export_nonces");
        builder.Property(x => x.Entity).HasMaxLength(32);
        builder.Property(x => x.NonceHash).HasMaxLength(64);
        builder.HasIndex(x => x.NonceHash).IsUnique();
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServerSecretConfiguration : IEntityTypeConfiguration<ServerSecret>
{
    public void Configure(EntityTypeBuilder<ServerSecret> builder)
    {
        builder.ToTable("server_secrets");
        builder.HasKey(x => x.Name);
        builder.Property(x => x.Name).HasMaxLength(64);
        builder.Property(x => x.Value).HasMaxLength(256);
    }
}
