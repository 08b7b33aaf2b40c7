using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureApi.Provisioning.Records.Configurations;

internal sealed class TestUserCredentialConfiguration : IEntityTypeConfiguration<TestUserCredential>
{
    public void Configure(EntityTypeBuilder<TestUserCredential> builder)
    {
        builder.ToTable("TestUserCredentials");
        // One test user per deployment.
        builder.HasKey(c => c.DeploymentId);
        builder.Property(c => c.Username).HasMaxLength(ColumnLengths.AwsId).IsRequired();
        builder.Property(c => c.ProtectedPassword).IsRequired();
        builder.HasOne<Deployment>().WithMany().HasForeignKey(c => c.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}
