using Microsoft.Extensions.DependencyInjection;

namespace Nod;

/// <summary>Returned by <c>AddNod()</c>: providers (stores, transports) hang their registration off it.</summary>
public interface INodBuilder
{
    /// <summary>The service collection Nod is registered in.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The default <see cref="INodBuilder"/>.</summary>
internal sealed class NodBuilder(IServiceCollection services) : INodBuilder
{
    public IServiceCollection Services { get; } = services;
}
