using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.ToTable("Deployments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(d => d.Region).HasMaxLength(ColumnLengths.Region).IsRequired();
        builder.Property(d => d.SpecJson).IsRequired();
        builder.Property(d => d.OwnerId).HasMaxLength(ColumnLengths.Identity).IsRequired();
        builder.Property(d => d.OwnerName).HasMaxLength(ColumnLengths.Identity).IsRequired();
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(d => d.InvokeUrl).HasMaxLength(ColumnLengths.Url);
        builder.Property(d => d.Issuer).HasMaxLength(ColumnLengths.Url);
        builder.Property(d => d.Audience).HasMaxLength(ColumnLengths.AwsId);
        builder.Property(d => d.UserPoolId).HasMaxLength(ColumnLengths.AwsId);
        builder.Property(d => d.RouteKeys).IsRequired();
        builder.Property(d => d.LastVerificationOutcome).HasMaxLength(ColumnLengths.Enum);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.ClaimedBy).HasMaxLength(ColumnLengths.Identity);

        builder.HasMany(d => d.Resources).WithOne().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Journal).WithOne().HasForeignKey(j => j.DeploymentId).OnDelete(DeleteBehavior.Cascade);

        // The dashboard filters by state and owner, sorts by creation time and name; shared-pool checks look up pool ids.
        builder.HasIndex(d => d.State);
        builder.HasIndex(d => d.CreatedAt);
        builder.HasIndex(d => d.OwnerId);
        builder.HasIndex(d => d.Name);
        builder.HasIndex(d => d.UserPoolId);
        // Every instance's change feed asks every few seconds which rows were written lately; rows are never removed,
        // so without it each look would read the whole table.
        builder.HasIndex(d => d.UpdatedAt);
    }
}
