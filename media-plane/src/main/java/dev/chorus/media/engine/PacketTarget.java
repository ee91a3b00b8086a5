package dev.chorus.media.engine;

import dev.chorus.media.ice.IceTuple;

/** Something a media worker hands received packets to on its own thread: a transport or a pipe end. */
interface PacketTarget {
    /** Handles one pooled packet; takes ownership of {@code buf} (releases it or passes it on). */
    void handlePacket(IceTuple tuple, byte[] buf, int off, int len, long nowMs, long arrivalNanos);
}
