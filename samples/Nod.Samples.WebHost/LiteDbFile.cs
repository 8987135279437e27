namespace Nod.Samples.WebHost;

/// <summary>The LiteDB connection string of a file path given on the command line (<c>--Nod:Database</c>).</summary>
internal static class LiteDbFile
{
    /// <summary>
    /// <c>Filename="path"</c>: quoted, so a <c>;</c> in the path is part of the name, not the start of LiteDB options
    /// (<c>a;Password=x</c> would otherwise open <c>a</c> with a password while the start-up log names the whole path).
    /// </summary>
    /// <exception cref="InvalidOperationException">The path holds a double quote, which the quoting cannot carry.</exception>
    public static string ConnectionString(string path)
    {
        if (path.Contains('"', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Nod:Database cannot contain a double quote (was {path}): choose another file name.");
        }

        return $"Filename=\"{path}\"";
    }
}
