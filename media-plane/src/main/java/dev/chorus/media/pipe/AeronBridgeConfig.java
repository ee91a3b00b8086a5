package dev.chorus.media.pipe;

import java.util.Objects;

/**
 * Settings of one node's {@link AeronBridge}. {@code bindHost}/{@code port} are what the bridge listens on;
 * {@code announcedHost} with the port is what other nodes send to. Port 0 picks an ephemeral port (read the
 * result from {@link AeronBridge#endpoint()} after start). {@code driverDirectory} null means a fresh unique
 * directory (under /dev/shm when it exists, else java.io.tmpdir), deleted on close. {@code termLength} is the
 * Aeron term buffer length of the bridge's publications: a power of two from 64 KiB to 1 GiB; each publication
 * and each remote image maps three terms.
 */
public record AeronBridgeConfig(String bindHost, int port, String announcedHost, String driverDirectory,
                                int termLength) {
    /** Term length for production: 4 MiB (12 MiB mapped per link and per inbound peer). */
    public static final int DEFAULT_TERM_LENGTH = 4 * 1024 * 1024;
    /** Term length for tests: 1 MiB. */
    public static final int TEST_TERM_LENGTH = 1024 * 1024;

    private static final int MIN_TERM_LENGTH = 64 * 1024;
    private static final int MAX_TERM_LENGTH = 1024 * 1024 * 1024;

    public AeronBridgeConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(announcedHost, "announcedHost");
        if (bindHost.isBlank() || announcedHost.isBlank()) {
            throw new IllegalArgumentException("bindHost and announcedHost must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (termLength < MIN_TERM_LENGTH || termLength > MAX_TERM_LENGTH || Integer.bitCount(termLength) != 1) {
            throw new IllegalArgumentException("termLength must be a power of two in [64 KiB, 1 GiB]: " + termLength);
        }
    }

    /** A production-style config with a generated driver directory and the default term length. */
    public static AeronBridgeConfig of(String bindHost, int port, String announcedHost) {
        return new AeronBridgeConfig(bindHost, port, announcedHost, null, DEFAULT_TERM_LENGTH);
    }

    /** For tests: 127.0.0.1 on {@code port} (0 = ephemeral), a fresh driver directory, 1 MiB terms. */
    public static AeronBridgeConfig loopback(int port) {
        return new AeronBridgeConfig("127.0.0.1", port, "127.0.0.1", null, TEST_TERM_LENGTH);
    }
}
