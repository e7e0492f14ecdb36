using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<ScheduledJob>
{
    public void Configure(EntityTypeBuilder<ScheduledJob> builder)
    {
        builder.ToTable("scheduled_jobs");
        builder.HasKey(x => x.Name);
        builder.Property(x => x.Name).HasMaxLength(64);
        builder.Property(x => x.LeaseOwner).HasMaxLength(64);
        builder.Property(x => x.LastError).HasMaxLength(1024);
    }
}
