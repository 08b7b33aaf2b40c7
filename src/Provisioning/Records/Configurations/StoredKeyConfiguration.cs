using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class StoredKeyConfiguration : IEntityTypeConfiguration<StoredKey>
{
    public void Configure(EntityTypeBuilder<StoredKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Ring).HasMaxLength(ColumnLengths.Short).IsRequired();
        builder.Property(k => k.FriendlyName).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(k => k.Xml).IsRequired();
        builder.HasIndex(k => new { k.Ring, k.FriendlyName }).IsUnique();
    }
}
