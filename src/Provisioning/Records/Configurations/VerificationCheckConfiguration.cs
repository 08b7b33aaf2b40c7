using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class VerificationCheckConfiguration : IEntityTypeConfiguration<VerificationCheck>
{
    public void Configure(EntityTypeBuilder<VerificationCheck> builder)
    {
        builder.ToTable("VerificationChecks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Route).HasMaxLength(ColumnLengths.RouteKey).IsRequired();
        builder.Property(c => c.Check).HasMaxLength(ColumnLengths.Short).IsRequired();
        builder.Property(c => c.Expected).HasMaxLength(ColumnLengths.Short * 2).IsRequired();
    }
}
