using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("api_clients");
        builder.Property(x => x.KeyId).HasMaxLength(64);
        builder.Property(x => x.SecretHash).HasMaxLength(64);
        builder.Property(x => x.Name).HasMaxLength(128);
        builder.HasIndex(x => x.KeyId).IsUnique();
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
