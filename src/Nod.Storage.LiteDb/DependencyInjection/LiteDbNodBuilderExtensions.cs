using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nod;
using Nod.Storage;
using Nod.Storage.LiteDb;
using Nod.Storage.LiteDb.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the LiteDB store: <c>services.AddNod().UseLiteDb("Filename=nod.db")</c>.</summary>
public static class LiteDbNodBuilderExtensions
{
    /// <summary>
    /// Keeps Nod's state in a LiteDB database instead of memory: everything acknowledged survives restarts and
    /// process crashes. Replaces the in-memory store.
    /// </summary>
    /// <param name="builder">The builder <c>AddNod()</c> returned.</param>
    /// <param name="connectionString">A LiteDB connection string, e.g. <c>Filename=nod.db</c> (see <see cref="LiteDbStoreOptions.ConnectionString"/>).</param>
    /// <returns>The builder.</returns>
    public static INodBuilder UseLiteDb(this INodBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return builder.UseLiteDb(o => o.ConnectionString = connectionString);
    }

    /// <summary>
    /// Keeps Nod's state in a LiteDB database instead of memory, configured by <paramref name="configure"/>. Options
    /// are validated when the host starts; the database is opened (and checked) when Nod starts, and closed by the
    /// container.
    /// </summary>
    /// <param name="builder">The builder <c>AddNod()</c> returned.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static INodBuilder UseLiteDb(this INodBuilder builder, Action<LiteDbStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<LiteDbStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiteDbStoreOptions>, LiteDbStoreOptionsValidator>());
        services.RemoveAll<INodStore>();
        services.AddSingleton<INodStore>(sp => new LiteDbNodStore(
            sp.GetRequiredService<IOptions<LiteDbStoreOptions>>().Value,
            sp.GetService<ILogger<LiteDbNodStore>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
