namespace Nod.Storage.LiteDb;

/// <summary>
/// The LiteDB store could not open its database: the message names the location (full path) and what is wrong. Nothing
/// was created or overwritten.
/// </summary>
public sealed class LiteDbStoreException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">The full path of the database file, or a description of the stream.</param>
    /// <param name="message">The whole message, naming <paramref name="location"/> and what is wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public LiteDbStoreException(string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>The full path of the database file, or a description of the stream.</summary>
    public string Location { get; }
}
