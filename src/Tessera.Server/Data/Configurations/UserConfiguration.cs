using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(x => x.Username).HasMaxLength(255);
        builder.Property(x => x.UsernameNormalized).HasMaxLength(255);
        builder.Property(x => x.PasswordHash).HasMaxLength(256);
        builder.Property(x => x.FirstName).HasMaxLength(255);
        builder.Property(x => x.LastName).HasMaxLength(255);
        builder.Property(x => x.Gender).HasMaxLength(1);
        builder.Property(x => x.MemberNumber).HasMaxLength(255);
        builder.Property(x => x.AuthenticationPointIdentifier).HasMaxLength(255);
        builder.Property(x => x.AuxiliaryIdentifier).HasMaxLength(255);
        builder.Property(x => x.SignupChannel).HasMaxLength(64);
        builder.Property(x => x.CountryCode).HasMaxLength(2);
        builder.Property(x => x.AddressStreetname).HasMaxLength(255);
        builder.Property(x => x.AddressHousenumber).HasMaxLength(64);
        builder.Property(x => x.AddressHousenumberExtension).HasMaxLength(64);
        builder.Property(x => x.AddressLine2).HasMaxLength(255);
        builder.Property(x => x.AddressLine3).HasMaxLength(255);
        builder.Property(x => x.AddressTowncity).HasMaxLength(255);
        builder.Property(x => x.AddressRegionstate).HasMaxLength(255);
        builder.Property(x => x.AddressPostalcode).HasMaxLength(32);
        builder.Property(x => x.PhoneNumber).HasMaxLength(64);
        builder.Property(x => x.Language).HasMaxLength(35);
        builder.Property(x => x.ReferralCode).HasMaxLength(16);
        builder.Property(x => x.AffiliateCode).HasMaxLength(255);
        builder.HasOne<Business>().WithMany().HasForeignKey(x => x.SignupStoreId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Business>().WithMany().HasForeignKey(x => x.HomeStoreId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(x => x.ReferringUserId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(x => new { x.UsernameScope, x.UsernameNormalized }).IsUnique();
        builder.HasIndex(x => new { x.ChainId, x.MemberNumber }).IsUnique();
        builder.HasIndex(x => new { x.ChainId, x.AuthenticationPointIdentifier });
        builder.HasIndex(x => x.ReferralCode).IsUnique();
        builder.HasIndex(x => new { x.ChainId, x.Id });
    }
}
