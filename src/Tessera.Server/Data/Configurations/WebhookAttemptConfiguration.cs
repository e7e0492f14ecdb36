using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.Property(x => x.Error).HasMaxLength(500);
        builder.Property(x => x.ResponseExcerpt).HasMaxLength(1024);
        builder.HasIndex(x => new { x.DeliveryId, x.Id });
        builder.HasIndex(x => x.AttemptedAt);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}
