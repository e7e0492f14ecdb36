using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class BasketConfiguration : IEntityTypeConfiguration<Basket>
{
    public void Configure(EntityTypeBuilder<Basket> builder)
    {
        builder.ToTable("baskets");
        builder.Property(x => x.RetailerBasketCode).HasMaxLength(255);
        builder.Property(x => x.PlatformType).HasMaxLength(16);
        builder.Property(x => x.CountryCode).HasMaxLength(2);
        builder.Property(x => x.TimestampIso8601).HasMaxLength(64);
        builder.Property(x => x.TimezoneName).HasMaxLength(64);
        builder.Property(x => x.VoucherLockingCode).HasMaxLength(255);
        builder.Property(x => x.EmployeeCode).HasMaxLength(64);
        builder.Property(x => x.EmployeeName).HasMaxLength(255);
        builder.Property(x => x.MemberProgramme).HasMaxLength(64);
        builder.Property(x => x.Notes).HasMaxLength(4095);
        builder.HasIndex(x => new { x.ChainId, x.RetailerBasketCode }).IsUnique();
        builder.HasIndex(x => new { x.UserId, x.PurchasedAt });
        // No foreign keys to the chain and member (migration 0008): each basket would lock both rows.
    }
}

internal sealed class BasketCodeConfiguration : IEntityTypeConfiguration<BasketCode>
{
    public void Configure(EntityTypeBuilder<BasketCode> builder)
    {
        builder.ToTable("basket_codes");
        builder.HasKey(x => new { x.ChainId, x.Code, x.BasketId });
        builder.Property(x => x.Code).HasMaxLength(255);
        builder.HasIndex(x => x.BasketId);
        builder.HasOne<Basket>().WithMany().HasForeignKey(x => x.BasketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BasketLineReturnConfiguration : IEntityTypeConfiguration<BasketLineReturn>
{
    public void Configure(EntityTypeBuilder<BasketLineReturn> builder)
    {
        builder.ToTable("basket_line_returns");
        builder.HasKey(x => x.LineId);
        builder.Property(x => x.LineId).ValueGeneratedNever();
    }
}

internal sealed class ReturnTransactionConfiguration : IEntityTypeConfiguration<ReturnTransaction>
{
    public void Configure(EntityTypeBuilder<ReturnTransaction> builder)
    {
        builder.ToTable("return_transactions");
        builder.Property(x => x.ReturnOwnerCode).HasMaxLength(255);
        builder.Property(x => x.Note).HasMaxLength(4095);
        builder.HasIndex(x => new { x.ChainId, x.ReturnOwnerCode }).IsUnique();
        builder.HasIndex(x => x.OriginalBasketId);
        builder.HasIndex(x => x.ReturningBasketId);
        builder.HasOne<Basket>().WithMany().HasForeignKey(x => x.OriginalBasketId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReturnedItemConfiguration : IEntityTypeConfiguration<ReturnedItem>
{
    public void Configure(EntityTypeBuilder<ReturnedItem> builder)
    {
        builder.ToTable("returned_items");
        builder.Property(x => x.OwnerCode).HasMaxLength(255);
        builder.HasIndex(x => x.ReturnTransactionId);
        builder.HasIndex(x => x.OriginalItemId);
        builder.HasOne<ReturnTransaction>().WithMany().HasForeignKey(x => x.ReturnTransactionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(x => x.OwnerCode).HasMaxLength(255);
        builder.Property(x => x.Name).HasMaxLength(255);
        builder.Property(x => x.Description).HasMaxLength(4095);
        builder.Property(x => x.Brand).HasMaxLength(255);
        builder.Property(x => x.Season).HasMaxLength(64);
        builder.Property(x => x.Category).HasMaxLength(1024);
        builder.Property(x => x.WebUrl).HasMaxLength(1024);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.HasIndex(x => new { x.ChainId, x.OwnerCode }).IsUnique();
        builder.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable("product_variants");
        builder.Property(x => x.Barcode).HasMaxLength(255);
        builder.Property(x => x.Colour).HasMaxLength(64);
        builder.Property(x => x.Size).HasMaxLength(64);
        builder.Property(x => x.ImageUrl).HasMaxLength(1024);
        builder.Property(x => x.WebUrl).HasMaxLength(1024);
        builder.HasIndex(x => new { x.ChainId, x.Barcode }).IsUnique();
        builder.HasIndex(x => x.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}
