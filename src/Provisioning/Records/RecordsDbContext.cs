using Microsoft.EntityFrameworkCore;

namespace SecureApi.Provisioning.Records;

/// <summary>
/// What SecureApi made and did: deployments with their resources and step journal, verification runs, and the audit
/// trail; and the Data Protection keys every instance shares. Use through <see cref="IDbContextFactory{TContext}"/> of
/// this type, one short-lived context per operation.
/// Each database provider has its own subclass (<see cref="SqliteRecordsDbContext"/>,
/// <see cref="PostgresRecordsDbContext"/>) because each carries its own migrations.
/// </summary>
public abstract class RecordsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<DeploymentResource> Resources => Set<DeploymentResource>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<VerificationRun> VerificationRuns => Set<VerificationRun>();
    public DbSet<VerificationCheck> VerificationChecks => Set<VerificationCheck>();
    /// <summary>Data Protection keys of the portal and of verification (see <see cref="StoredKey"/>).</summary>
    public DbSet<StoredKey> StoredKeys => Set<StoredKey>();

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        StampVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecordsDbContext).Assembly);

    // The audit trail is append-only for the application: a changed or removed line would make it worthless as evidence.
    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only: audit entries cannot be changed or removed.");
        }
    }

    // Every write of a deployment row gets a fresh Version; the UPDATE is conditioned on the version that was read, so
    // a writer holding a stale copy gets DbUpdateConcurrencyException instead of silently overwriting.
    private void StampVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Deployment>())
        {
            if (entry.State == EntityState.Modified || (entry.State == EntityState.Added && entry.Entity.Version == Guid.Empty))
            {
                entry.Entity.Version = Guid.NewGuid();
            }
        }
    }
}
