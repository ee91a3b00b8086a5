package dev.chorus.media.engine;

import dev.chorus.media.ice.IceTuple;

/** A received datagram on its way from a socket thread to the owning media worker. Pooled, never allocated per packet. */
final class PacketEvent {
    PacketTarget transport;
    IceTuple tuple;
    byte[] buf;
    int off;
    int len;
    /** System.nanoTime() when the socket thread received it (transport-cc arrival time). */
    long arrivalNanos;

    void clear() {
        transport = null;
        tuple = null;
        buf = null;
    }
}
