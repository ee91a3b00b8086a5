package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import dev.chorus.http.HttpSecurity;
import dev.chorus.http.signaling.SignalingLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security settings as a node reads them: {@code application.conf} over the modules' defaults, and their
 * {@code CHORUS_*} environment overrides (simulated, as in {@link NodeSettingsTest}).
 */
class SecuritySettingsTest {
    private static Config config(Map<String, ?> env) {
        return ConfigFactory.parseMap(env)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve(ConfigResolveOptions.noSystem());
    }

    @Test
    void theDefaultsAreOpenWithGenerousLimits() {
        Config c = config(Map.of());
        HttpSecurity s = HttpSecurity.from(c);
        assertFalse(s.auth().tokensRequired());
        assertNull(s.auth().adminToken());
        assertEquals(SignalingLimits.DEFAULT, s.limits());
        assertEquals(4, c.getInt("chorus.limits.max-transports-per-peer"));
        assertEquals(8, c.getInt("chorus.limits.max-producers-per-peer"));
        assertEquals(2000, c.getInt("chorus.limits.max-consumers-per-peer"));
        assertEquals(0, c.getInt("chorus.limits.max-peers-per-room"), "0: no node-wide room limit");
    }

    @Test
    void theEnvironmentOverridesThem() {
        Config c = config(Map.of("CHORUS_AUTH_SECRET", "s".repeat(32), "CHORUS_ADMIN_TOKEN", "a".repeat(16),
                "CHORUS_ALLOWED_ORIGINS", "https://meet.example.com, https://other.example",
                "CHORUS_RATE_LIMIT", "5", "CHORUS_RATE_BURST", "9", "CHORUS_MAX_PEERS_PER_ROOM", "40",
                "CHORUS_AUTH_ISSUER", "https://issuer.example", "CHORUS_AUTH_AUDIENCE", "chorus"));
        HttpSecurity s = HttpSecurity.from(c);
        assertTrue(s.auth().tokensRequired());
        assertTrue(s.auth().canIssue());
        assertEquals("a".repeat(16), s.auth().adminToken());
        assertEquals("https://issuer.example", s.auth().issuer());
        assertEquals("chorus", s.auth().audience());
        assertEquals(List.of("https://meet.example.com", "https://other.example"), s.limits().allowedOrigins());
        assertEquals(5.0, s.limits().requestsPerSecond());
        assertEquals(9, s.limits().requestBurst());
        assertEquals(Duration.ofSeconds(10), s.limits().excessWindow());
        assertEquals(40, c.getInt("chorus.limits.max-peers-per-room"));
    }

    @Test
    void aShortSecretStopsTheNodeNamingTheVariable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HttpSecurity.from(config(Map.of("CHORUS_AUTH_SECRET", "short"))));
        assertTrue(e.getMessage().contains("CHORUS_AUTH_SECRET"), e::getMessage);
    }
}
