namespace Nod.Notifications;

/// <summary>
/// A host's hook for telling people about things while they are away: push, e-mail, chat. Register any number with
/// <c>services.AddSingleton&lt;INodNotificationHandler, MyHandler&gt;()</c>; nothing is sent by default.
/// </summary>
/// <remarks>
/// Handlers run one notification at a time on a background loop, after the change is committed; they never delay the
/// engine. A handler that throws is logged and the next notification still goes out.
/// </remarks>
public interface INodNotificationHandler
{
    /// <summary>Handles one notification.</summary>
    /// <param name="notification">What happened and who should hear of it.</param>
    /// <param name="cancellationToken">Fires when Nod shuts down.</param>
    ValueTask HandleAsync(NodNotification notification, CancellationToken cancellationToken);
}
