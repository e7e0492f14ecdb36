using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

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
