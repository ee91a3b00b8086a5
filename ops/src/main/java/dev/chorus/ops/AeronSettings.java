package dev.chorus.ops;

import com.typesafe.config.Config;

/**
 * The {@code chorus.aeron} section: the endpoint over which this node exchanges media with other nodes. Read and
 * checked here so a bad value stops the node at start rather than when the first remote stream opens.
 *
 * @param bindHost      the address the Aeron endpoint binds to
 * @param port          its UDP port
 * @param announcedHost the address other nodes use; defaults to {@code bindHost}
 * @param termLength    Aeron term buffer length in bytes (a power of two, 64 KiB to 1 GiB)
 */
public record AeronSettings(String bindHost, int port, String announcedHost, int termLength) {
    private static final long MIN_TERM = 64 * 1024;
    private static final long MAX_TERM = 1024 * 1024 * 1024;

    /** Reads {@code aeron.*} below the given {@code chorus} section. */
    static AeronSettings from(Config chorus) {
        Config a = chorus.getConfig("aeron");
        String bindHost = a.getString("bind-host").trim();
        if (bindHost.isEmpty()) {
            throw new IllegalArgumentException("chorus.aeron.bind-host (CHORUS_AERON_BIND_HOST) must not be empty");
        }
        String announced = a.getString("announced-host").trim();
        if (announced.isEmpty()) {
            if (NodeSettings.isWildcard(bindHost, "chorus.aeron.bind-host")) {
                throw new IllegalArgumentException("chorus.aeron.announced-host (CHORUS_AERON_ANNOUNCED_HOST) must be "
                        + "set when bind-host is a wildcard address");
            }
            announced = bindHost;
        }
        int port = a.getInt("port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("chorus.aeron.port (CHORUS_AERON_PORT) must be 0-65535, was " + port);
        }
        long term = a.getBytes("term-length");
        if (term < MIN_TERM || term > MAX_TERM || Long.bitCount(term) != 1) {
            throw new IllegalArgumentException("chorus.aeron.term-length must be a power of two from 64k to 1g, was "
                    + term + " bytes");
        }
        return new AeronSettings(bindHost, port, announced, (int) term);
    }
}
