using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class LoginThrottleConfiguration : IEntityTypeConfiguration<LoginThrottle>
{
    public void Configure(EntityTypeBuilder<LoginThrottle> builder)
    {
        builder.ToTable("login_throttles");
        builder.HasKey(x => new { x.UsernameScope, x.UsernameNormalized });
        builder.Property(x => x.UsernameNormalized).HasMaxLength(255);
        builder.HasIndex(x => x.LastAttemptMs);
    }
}
