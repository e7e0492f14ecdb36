using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Data.Configurations;

internal sealed class ReceiptPdfConfiguration : IEntityTypeConfiguration<ReceiptPdf>
{
    public void Configure(EntityTypeBuilder<ReceiptPdf> builder)
    {
        builder.ToTable("receipt_pdfs");
        builder.HasKey(x => x.BasketId);
        builder.Property(x => x.BasketId).ValueGeneratedNever();
    }
}
