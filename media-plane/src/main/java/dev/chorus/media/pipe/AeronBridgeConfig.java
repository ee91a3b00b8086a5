package dev.chorus.media.pipe;

/** TEMPORARY stand-in (replaced by the bridge branch). */
public record AeronBridgeConfig(String bindHost, int port, String announcedHost, String driverDirectory,
                                int termLength) {
    public static AeronBridgeConfig loopback(int port) {
        return new AeronBridgeConfig("127.0.0.1", port, "127.0.0.1", null, 1 << 20);
    }
}
