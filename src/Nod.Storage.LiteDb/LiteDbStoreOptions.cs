namespace Nod.Storage.LiteDb;

/// <summary>
/// Settings of the LiteDB store (<c>UseLiteDb</c>). Every value has a default; impossible values fail at start-up,
/// naming the option.
/// </summary>
public sealed class LiteDbStoreOptions
{
    /// <summary>Default of <see cref="ConnectionString"/>: a file named <c>nod.db</c> in the current directory.</summary>
    public const string DefaultConnectionString = "Filename=nod.db";

    /// <summary>Default of <see cref="CollectionPrefix"/>.</summary>
    public const string DefaultCollectionPrefix = "nod_";

    /// <summary>The longest <see cref="CollectionPrefix"/>: LiteDB collection names are short, and Nod adds up to 13 characters.</summary>
    public const int MaxCollectionPrefixLength = 40;

    /// <summary>
    /// A LiteDB connection string: <c>Filename</c> (required; <c>:memory:</c> for a throw-away in-memory database) and
    /// optionally <c>Password</c>, <c>InitialSize</c>, <c>Upgrade</c>, <c>AutoRebuild</c>. The store always opens the
    /// file in direct mode and holds it for its lifetime, so <c>Connection=shared</c>, <c>ReadOnly=true</c> and
    /// <c>Collation</c> (Nod needs ordinal ordering) are refused. A file that is not a LiteDB 5 database is refused
    /// with or without <c>Upgrade</c> (a LiteDB 4 file must be converted with LiteDB first). Ignored when
    /// <see cref="Stream"/> is set.
    /// </summary>
    /// <value>Default <see cref="DefaultConnectionString"/> (<c>Filename=nod.db</c>).</value>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// Prepended to every collection name, so Nod can share a database file with the host's own collections. Letters,
    /// digits and underscores; must start with a letter.
    /// </summary>
    /// <value>Default <see cref="DefaultCollectionPrefix"/> (<c>nod_</c>).</value>
    public string CollectionPrefix { get; set; } = DefaultCollectionPrefix;

    /// <summary>
    /// A readable, writable, seekable stream to keep the database in instead of a file (tests, or a host that manages
    /// its own storage). The caller owns it: disposing the store leaves it open. When set,
    /// <see cref="ConnectionString"/> is ignored.
    /// </summary>
    /// <value>Default <see langword="null"/>: the database lives in the file named by <see cref="ConnectionString"/>.</value>
    public Stream? Stream { get; set; }
}
