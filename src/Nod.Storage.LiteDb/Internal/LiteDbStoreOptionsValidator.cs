using LiteDB;
using Microsoft.Extensions.Options;

namespace Nod.Storage.LiteDb.Internal;

/// <summary>Refuses impossible <see cref="LiteDbStoreOptions"/> at start-up, naming the option.</summary>
internal sealed class LiteDbStoreOptionsValidator : IValidateOptions<LiteDbStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, LiteDbStoreOptions options)
    {
        var failures = new List<string>();
        ValidatePrefix(options.CollectionPrefix, failures);
        if (options.Stream is { } stream)
        {
            if (!stream.CanRead || !stream.CanWrite || !stream.CanSeek)
            {
                failures.Add("LiteDbStoreOptions.Stream must be readable, writable and seekable.");
            }
        }
        else
        {
            ValidateConnectionString(options.ConnectionString, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePrefix(string? prefix, List<string> failures)
    {
        if (string.IsNullOrEmpty(prefix)
            || prefix.Length > LiteDbStoreOptions.MaxCollectionPrefixLength
            || !char.IsAsciiLetter(prefix[0])
            || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            failures.Add(
                $"LiteDbStoreOptions.CollectionPrefix must be 1 to {LiteDbStoreOptions.MaxCollectionPrefixLength} letters, digits or underscores, starting with a letter (was '{prefix}').");
        }
    }

    private static void ValidateConnectionString(string? connectionString, List<string> failures)
    {
        const string Option = "LiteDbStoreOptions.ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{Option} is required (e.g. \"Filename=nod.db\"), or set LiteDbStoreOptions.Stream.");
            return;
        }

        ConnectionString parsed;
        try
        {
            parsed = new ConnectionString(connectionString);
        }
#pragma warning disable CA1031 // Whatever LiteDB throws on a bad string becomes a validation failure that names the option.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failures.Add($"{Option} is not a valid LiteDB connection string ({ex.Message}).");
            return;
        }

        if (string.IsNullOrWhiteSpace(parsed.Filename))
        {
            failures.Add($"{Option} must name a file (Filename=...; was \"{connectionString}\").");
        }
        else if (!IsPath(parsed.Filename))
        {
            failures.Add($"{Option}: Filename '{parsed.Filename}' is not a valid path.");
        }

        if (parsed.Connection == ConnectionType.Shared)
        {
            failures.Add($"{Option}: Connection=shared is not supported; the store opens the file in direct mode and holds it for its lifetime.");
        }

        if (parsed.ReadOnly)
        {
            failures.Add($"{Option}: ReadOnly=true is not supported; Nod writes to its database.");
        }

        if (parsed["collation"] is not null)
        {
            failures.Add($"{Option}: Collation cannot be set; the store creates its database with ordinal ordering.");
        }
    }

    /// <summary>Whether the store can resolve <paramref name="filename"/> to a full path (or it names a LiteDB in-memory database).</summary>
    private static bool IsPath(string filename)
    {
        if (filename is ":memory:" or ":temp:")
        {
            return true;
        }

        try
        {
            Path.GetFullPath(filename);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }
}
