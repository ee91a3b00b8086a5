package dev.chorus.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseSettingsTest {

    /**
     * This module's reference.conf resolved with the given values standing in for environment variables (an
     * {@code ${?NAME}} substitution finds a root-level {@code NAME} before it would look at the environment).
     */
    private static Config referenceWithEnv(Map<String, String> env) throws Exception {
        URL own = DatabaseSettings.class.getProtectionDomain().getCodeSource().getLocation();
        Config reference = ConfigFactory.parseURL(new URL(own, "reference.conf"));
        return ConfigFactory.parseMap(env).withFallback(reference)
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    private static DatabaseSettings settings(Map<String, String> values) {
        return DatabaseSettings.from(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()));
    }

    @Test
    void emptyUrlIsAnEmbeddedH2FileDatabaseUnderTheDataDir(@TempDir Path dir) {
        DatabaseSettings s = settings(Map.of("chorus.data-dir", dir.toString()));
        assertEquals("jdbc:h2:file:" + dir.toAbsolutePath() + "/chorus;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false",
                s.url());
        assertEquals("slick.jdbc.H2Profile$", s.profile());
        assertEquals("org.h2.Driver", s.driver());
        assertEquals(dir.toAbsolutePath(), s.dataDir());
        assertTrue(s.embeddedH2());
    }

    @Test
    void defaultsComeFromReferenceConf() {
        DatabaseSettings s = DatabaseSettings.from(ConfigFactory.load());
        assertEquals(Path.of("data").toAbsolutePath(), s.dataDir());
        assertEquals(5, s.poolSize());
        assertEquals("", s.user());
        assertTrue(s.embeddedH2());
    }

    @Test
    void relativeDataDirIsMadeAbsolute() {
        DatabaseSettings s = settings(Map.of("chorus.data-dir", "some/where"));
        assertEquals(Path.of("some/where").toAbsolutePath(), s.dataDir());
        assertTrue(s.url().startsWith("jdbc:h2:file:" + Path.of("some/where").toAbsolutePath() + "/chorus;"));
    }

    @Test
    void explicitH2UrlIsUsedAsGiven() {
        DatabaseSettings s = settings(Map.of("chorus.db.url", "jdbc:h2:mem:x;DATABASE_TO_UPPER=false"));
        assertEquals("jdbc:h2:mem:x;DATABASE_TO_UPPER=false", s.url());
        assertEquals("slick.jdbc.H2Profile$", s.profile());
        assertFalse(s.embeddedH2());
    }

    @Test
    void postgresUrlSelectsThePostgresProfile() {
        DatabaseSettings s = settings(Map.of("chorus.db.url", "jdbc:postgresql://db:5432/chorus",
                "chorus.db.user", "chorus", "chorus.db.password", "secret", "chorus.db.pool-size", "8"));
        assertEquals("jdbc:postgresql://db:5432/chorus", s.url());
        assertEquals("slick.jdbc.PostgresProfile$", s.profile());
        assertEquals("org.postgresql.Driver", s.driver());
        assertEquals("chorus", s.user());
        assertEquals("secret", s.password());
        assertEquals(8, s.poolSize());
        assertFalse(s.embeddedH2());
        assertFalse(s.toString().contains("secret"), s.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db/chorus", "postgres://db/chorus", "h2", "jdbc:sqlite:x.db"})
    void otherUrlsAreRejectedWithTheSettingNamed(String url) {
        var e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("chorus.db.url", url)));
        assertTrue(e.getMessage().contains("CHORUS_DB_URL") && e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void poolSizeBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("chorus.db.pool-size", "0")));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() throws Exception {
        Config config = referenceWithEnv(Map.of("CHORUS_DB_URL", "jdbc:postgresql://pg:5432/chorus",
                "CHORUS_DB_USER", "u", "CHORUS_DB_PASSWORD", "p", "CHORUS_DB_POOL_SIZE", "3",
                "CHORUS_DATA_DIR", "/var/lib/chorus"));
        DatabaseSettings s = DatabaseSettings.from(config);
        assertEquals("jdbc:postgresql://pg:5432/chorus", s.url());
        assertEquals("u", s.user());
        assertEquals("p", s.password());
        assertEquals(3, s.poolSize());
        assertEquals(Path.of("/var/lib/chorus"), s.dataDir());
    }

    @Test
    void withoutEnvironmentVariablesTheDefaultsHold() throws Exception {
        DatabaseSettings s = DatabaseSettings.from(referenceWithEnv(Map.of("UNRELATED", "x")));
        assertTrue(s.embeddedH2());
        assertEquals(Path.of("data").toAbsolutePath(), s.dataDir());
    }

    @Test
    void pekkoConfigSharesOneDatabaseAcrossAllPlugins() {
        Config overlay = settings(Map.of("chorus.db.url", "jdbc:postgresql://db:5432/chorus",
                "chorus.db.user", "chorus", "chorus.db.pool-size", "4")).pekkoConfig();
        Config shared = overlay.getConfig("pekko-persistence-jdbc.shared-databases.chorus");
        assertEquals("slick.jdbc.PostgresProfile$", shared.getString("profile"));
        assertEquals("jdbc:postgresql://db:5432/chorus", shared.getString("db.url"));
        assertEquals("chorus", shared.getString("db.user"));
        assertEquals("org.postgresql.Driver", shared.getString("db.driver"));
        assertEquals(4, shared.getInt("db.maxConnections"));
        assertEquals(4, shared.getInt("db.numThreads"));
        for (String plugin : new String[] {"jdbc-journal", "jdbc-snapshot-store", "jdbc-durable-state-store",
                "jdbc-read-journal"}) {
            assertEquals("chorus", overlay.getString(plugin + ".use-shared-db"), plugin);
        }
        assertEquals("jdbc-journal", overlay.getString("pekko.persistence.journal.plugin"));
        assertEquals("jdbc-snapshot-store", overlay.getString("pekko.persistence.snapshot-store.plugin"));
        assertEquals("jdbc-durable-state-store", overlay.getString("pekko.persistence.state.plugin"));
        // the overlay wins over the plugin's reference.conf (where use-shared-db is null)
        Config merged = overlay.withFallback(ConfigFactory.load());
        assertEquals("chorus", merged.getString("jdbc-journal.use-shared-db"));
    }
}
