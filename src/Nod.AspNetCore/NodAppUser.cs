namespace Nod.AspNetCore;

/// <summary>The person behind an app API request, as Nod knows them (see <see cref="NodHttpOptions.ResolveAppUser"/>).</summary>
/// <param name="Id">The stable user id: it owns agents, and agents are shared with it.</param>
/// <param name="Name">The display name shown on the user's messages and resolutions.</param>
public sealed record NodAppUser(string Id, string Name);
