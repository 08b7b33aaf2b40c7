using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class VerificationRunConfiguration : IEntityTypeConfiguration<VerificationRun>
{
    public void Configure(EntityTypeBuilder<VerificationRun> builder)
    {
        builder.ToTable("VerificationRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);

        builder.HasOne<Deployment>().WithMany().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Checks).WithOne().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);

        // History of one deployment, newest first.
        builder.HasIndex(r => new { r.DeploymentId, r.StartedAt });
    }
}
