package dev.chorus.media.ice;

/**
 * Receives what the shared endpoints demultiplex to one transport. Implemented by the WebRTC transport, which
 * usually hands packets to its worker thread (where it also calls {@link IceLiteAgent#handleStun}).
 */
public interface IcePacketHandler {
    /**
     * One datagram or TCP frame from {@code tuple} (STUN, DTLS, SRTP or SRTCP). Called on the endpoint's
     * receive thread. The handler owns {@code buf} (a {@code BufferPool} buffer) and must release it. It can be
     * called shortly after {@link IceDemux#unregister} because of a race with the receive thread.
     */
    void onPacket(IceTuple tuple, byte[] buf, int off, int len);

    /**
     * {@code tuple} closed (TCP connection ended, evicted by the per-agent cap, endpoint closed). Called once per
     * tuple on an endpoint thread, never for tuples dropped by {@link IceDemux#unregister}.
     */
    void onTupleClosed(IceTuple tuple);
}
