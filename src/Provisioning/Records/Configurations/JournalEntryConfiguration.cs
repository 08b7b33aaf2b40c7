using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("Journal");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Step).HasMaxLength(ColumnLengths.Step).IsRequired();
        builder.Property(j => j.Operation).HasMaxLength(ColumnLengths.Operation).IsRequired();
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(j => j.AwsRequestId).HasMaxLength(ColumnLengths.RequestId);
        builder.Property(j => j.ResourceId).HasMaxLength(ColumnLengths.AwsId);

        // Resume after a crash reads a deployment's journal by step.
        builder.HasIndex(j => new { j.DeploymentId, j.Step });
    }
}
