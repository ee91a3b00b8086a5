package dev.chorus.media.ice;

import java.net.InetSocketAddress;

/** A remote address on the shared UDP port. Sending goes through the endpoint's channel. */
final class UdpTuple extends IceTuple {
    private final UdpMediaEndpoint endpoint;

    UdpTuple(UdpMediaEndpoint endpoint, InetSocketAddress remote) {
        super(remote, "udp");
        this.endpoint = endpoint;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        return !isClosed() && endpoint.sendTo(remote(), buf, off, len);
    }

    @Override
    void release() {
        endpoint.forget(this);
    }
}
