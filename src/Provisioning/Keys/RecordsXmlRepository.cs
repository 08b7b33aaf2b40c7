using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Keys;

/// <summary>
/// Data Protection's key storage in the records database, one ring per name. Data Protection calls it rarely (at
/// start, when a key is made, and when its cache expires) and synchronously, so the database calls here are too.
/// </summary>
internal sealed class RecordsXmlRepository(IDbContextFactory<RecordsDbContext> dbFactory, string ring, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return [.. db.StoredKeys.AsNoTracking().Where(k => k.Ring == ring).OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        db.StoredKeys.Add(new StoredKey
        {
            Ring = ring,
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAt = clock.GetUtcNow(),
        });
        db.SaveChanges();
    }
}
