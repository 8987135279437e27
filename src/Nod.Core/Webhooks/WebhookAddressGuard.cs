using System.Net;
using System.Net.Sockets;

namespace Nod.Webhooks;

/// <summary>
/// Connects webhook requests only to public addresses: the host name is resolved here and every loopback, link-local,
/// private, shared or multicast address is refused (unless allowed), then the socket connects to an address that passed
/// — so DNS tricks cannot redirect a delivery into the host's own network.
/// </summary>
internal static class WebhookAddressGuard
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(a => !IsInternal(a))];
        if (allowed.Length == 0)
        {
            throw new WebhookAddressRefusedException(endpoint.Host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, link-local, private (RFC 1918 / ULA), shared (CGNAT), unspecified, broadcast or multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes6[0] & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224;
    }
}

/// <summary>A webhook URL resolved only to addresses Nod may not call.</summary>
internal sealed class WebhookAddressRefusedException(string host)
    : Exception($"the webhook host '{host}' resolves only to loopback, link-local or private addresses, which are refused (NodOptions.Webhooks.AllowPrivateNetworks allows them)");
