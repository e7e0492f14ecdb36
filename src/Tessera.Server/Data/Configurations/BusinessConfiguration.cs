using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BusinessConfiguration : IEntityTypeConfiguration<Business>
{
    public void Configure(EntityTypeBuilder<Business> builder)
    {
        builder.ToTable("businesses");
        // spec: field lengths of alter-business (codes 124-143)
        builder.Property(x => x.Name).HasMaxLength(128);
        builder.Property(x => x.Address1).HasMaxLength(128);
        builder.Property(x => x.Address2).HasMaxLength(128);
        builder.Property(x => x.Address3).HasMaxLength(128);
        builder.Property(x => x.TownCity).HasMaxLength(56);
        builder.Property(x => x.Region).HasMaxLength(56);
        builder.Property(x => x.PostalCode).HasMaxLength(20);
        builder.Property(x => x.CountryCode).HasMaxLength(2);
        builder.Property(x => x.Latitude).HasPrecision(10, 8);
        builder.Property(x => x.Longitude).HasPrecision(11, 8);
        builder.Property(x => x.OwnerCode).HasMaxLength(32);
        builder.Property(x => x.EmailAddress).HasMaxLength(255);
        builder.Property(x => x.WebsiteUrl).HasMaxLength(1024);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.Property(x => x.ReviewUrl).HasMaxLength(1024);
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
        // A branch code names one branch of a chain (NULLs are distinct on both engines).
        builder.HasIndex(x => new { x.ChainId, x.OwnerCode }).IsUnique();
    }
}
