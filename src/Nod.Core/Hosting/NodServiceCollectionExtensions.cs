using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nod;
using Nod.Clients;
using Nod.Deadlines;
using Nod.Engine;
using Nod.Fanout;
using Nod.Hosting;
using Nod.Internal;
using Nod.Notifications;
using Nod.Storage;
using Nod.Storage.InMemory;
using Nod.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Nod in a service collection.</summary>
public static class NodServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Nod engine, its in-process clients (<see cref="INodClientFactory"/>) and the in-memory store (replace it
    /// with a durable one, e.g. <c>.UseLiteDb("Filename=nod.db")</c>). The engine and the deadline queue run as hosted
    /// services; options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>A builder for providers.</returns>
    public static INodBuilder AddNod(this IServiceCollection services, Action<NodOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NodOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(NodMarker)))
        {
            return new NodBuilder(services);
        }

        services.AddSingleton<NodMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodOptions>, NodOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INodStore, InMemoryNodStore>();
        services.TryAddSingleton(sp =>
        {
            var logger = LoggerFor<DeadlineQueue>(sp);
            return new DeadlineQueue(sp.GetRequiredService<TimeProvider>(), ex => Log.DeadlineCallbackFailed(logger, ex));
        });
        services.TryAddSingleton(sp => new FanoutHub(
            sp.GetRequiredService<INodStore>().Events, sp.GetRequiredService<IOptions<NodOptions>>().Value.SubscriberBufferSize));
        services.TryAddSingleton(sp => new LocalEventPublisher(sp.GetRequiredService<FanoutHub>()));
        services.TryAddSingleton<INodEventPublisher>(sp => sp.GetRequiredService<LocalEventPublisher>());
        services.TryAddSingleton(sp => new NotificationDispatcher(sp.GetServices<INodNotificationHandler>(), LoggerFor<NotificationDispatcher>(sp)));
        services.TryAddSingleton(sp => new NodEngine(
            sp.GetRequiredService<INodStore>(),
            sp.GetRequiredService<FanoutHub>(),
            sp.GetRequiredService<INodEventPublisher>(),
            sp.GetRequiredService<DeadlineQueue>(),
            sp.GetRequiredService<NotificationDispatcher>(),
            sp.GetRequiredService<IOptions<NodOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            LoggerFor<NodEngine>(sp)));
        services.TryAddSingleton<INodClientFactory>(sp => new NodClientFactory(sp.GetRequiredService<NodEngine>()));
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var webhooks = sp.GetRequiredService<IOptions<NodOptions>>().Value.Webhooks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,

                    // A proxy would make the address guard check the proxy instead of the receiver.
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, cancellationToken) => WebhookAddressGuard.ConnectAsync(context, webhooks.AllowPrivateNetworks, cancellationToken),
                };
            });
        services.TryAddSingleton(sp => new WebhookDispatcher(
            sp.GetRequiredService<NodEngine>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<DeadlineQueue>(),
            sp.GetRequiredService<IOptions<NodOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            LoggerFor<WebhookDispatcher>(sp)));

        // Order matters: hosted services stop in reverse, so the engine stops before the deadline queue.
        services.AddHostedService<DeadlineQueueHostedService>();
        services.AddHostedService<NodEngineHostedService>();
        services.AddHostedService<WebhookDispatcherHostedService>();
        return new NodBuilder(services);
    }

    private static ILogger<T> LoggerFor<T>(IServiceProvider services) =>
        services.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;

    /// <summary>Marks that <see cref="AddNod"/> ran (transports check for it to give a fix-it message).</summary>
    internal sealed class NodMarker;
}
