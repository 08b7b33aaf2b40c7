using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class DeploymentResourceConfiguration : IEntityTypeConfiguration<DeploymentResource>
{
    public void Configure(EntityTypeBuilder<DeploymentResource> builder)
    {
        builder.ToTable("Resources");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(r => r.AwsId).HasMaxLength(ColumnLengths.AwsId).IsRequired();
        builder.Property(r => r.Arn).HasMaxLength(ColumnLengths.Url);
        builder.Property(r => r.ParentId).HasMaxLength(ColumnLengths.AwsId);
        builder.Property(r => r.Name).HasMaxLength(ColumnLengths.RouteKey);

        // "Does another live deployment use this pool?" asks by kind and AWS id.
        builder.HasIndex(r => new { r.Kind, r.AwsId });
    }
}
