using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.Property(x => x.Url).HasMaxLength(2048);
        builder.Property(x => x.EventTypes).HasMaxLength(512);
        builder.Property(x => x.Secret).HasMaxLength(1024);
        builder.Property(x => x.PreviousSecret).HasMaxLength(1024);
        builder.Property(x => x.DisabledReason).HasMaxLength(500);
        builder.HasIndex(x => x.ChainId);
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
