package dev.chorus.media.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AeronBridgeConfigTest {

    @Test
    void loopbackUsesLocalhostAFreshDirectoryAndSmallTerms() {
        AeronBridgeConfig c = AeronBridgeConfig.loopback(4000);
        assertEquals("127.0.0.1", c.bindHost());
        assertEquals("127.0.0.1", c.announcedHost());
        assertEquals(4000, c.port());
        assertNull(c.driverDirectory());
        assertEquals(1024 * 1024, c.termLength());
        assertEquals(4 * 1024 * 1024, AeronBridgeConfig.of("0.0.0.0", 4000, "10.0.0.5").termLength());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AeronBridgeConfig("h", -1, "h", null, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new AeronBridgeConfig("h", 65536, "h", null, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new AeronBridgeConfig(" ", 1, "h", null, 1 << 20));
        assertThrows(NullPointerException.class, () -> new AeronBridgeConfig("h", 1, null, null, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new AeronBridgeConfig("h", 1, "h", null, 3 << 20));
        assertThrows(IllegalArgumentException.class, () -> new AeronBridgeConfig("h", 1, "h", null, 32 * 1024));
    }
}
