using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorId).HasMaxLength(ColumnLengths.Identity).IsRequired();
        builder.Property(a => a.ActorName).HasMaxLength(ColumnLengths.Identity).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(ColumnLengths.Short).IsRequired();
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(a => a.RemoteAddress).HasMaxLength(ColumnLengths.RemoteAddress);

        // No foreign key to Deployments on purpose: the trail also records refused and failed requests whose
        // deployment was never stored, and it must not depend on another table's rows.
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.DeploymentId);
        builder.HasIndex(a => a.ActorId);
    }
}
