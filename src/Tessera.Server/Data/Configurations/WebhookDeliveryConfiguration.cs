using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(x => x.ClaimToken).HasMaxLength(64);
        builder.Property(x => x.LastError).HasMaxLength(500);
        // The claim reads pending deliveries in the order they fall due; the log per endpoint; the clean-up by age.
        builder.HasIndex(x => new { x.Status, x.NextAttemptAt });
        builder.HasIndex(x => new { x.EndpointId, x.Id });
        builder.HasIndex(x => x.CompletedAt);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}
