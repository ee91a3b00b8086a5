package dev.chorus.ops.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flags, scenario files, defaults and the values they accept. */
class LoadgenOptionsTest {

    @Test
    void defaultsDeriveTheMetricsAndApiUrlsFromTheSignalingUrl() throws Exception {
        LoadgenOptions o = LoadgenOptions.parse(List.of("--url", "ws://10.0.0.5:9000"));
        assertEquals(Scenario.GRID, o.scenario());
        assertEquals(10, o.participants());
        assertEquals(URI.create("http://10.0.0.5:9000/metrics"), o.metrics());
        assertEquals(URI.create("http://10.0.0.5:9000"), o.api());
        assertEquals(800_000, o.videoBitrate());
        assertTrue(o.video());
        assertFalse(o.simulcast());
        assertTrue(o.room().startsWith("loadgen-"));
        assertNull(o.lastN());
        assertNull(o.json());
    }

    @Test
    void flagsInBothFormsAndSwitches() throws Exception {
        LoadgenOptions o = LoadgenOptions.parse(List.of("--scenario=livestream", "--participants", "50",
                "--duration", "2m", "--video-bitrate=2.5M", "--simulcast", "--metrics", "none", "--last-n-audio", "3",
                "--room", "bench", "--json", "out.json"));
        assertEquals(Scenario.LIVESTREAM, o.scenario());
        assertEquals(50, o.participants());
        assertEquals(Duration.ofMinutes(2), o.duration());
        assertEquals(2_500_000, o.videoBitrate());
        assertTrue(o.simulcast());
        assertNull(o.metrics());
        assertEquals(3, o.lastNAudio());
        assertTrue(o.audioLastNLimited());
        assertFalse(o.videoLastNLimited());
        assertEquals("bench", o.room());
        assertEquals(Path.of("out.json"), o.json());
    }

    @Test
    void aScenarioFileIsReadAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audio.conf");
        Files.writeString(f, """
                # a 100-person audio room
                scenario = audio
                participants = 100
                speakers = 3
                last-n-audio = 5
                """);
        LoadgenOptions o = LoadgenOptions.parse(List.of("--scenario-file", f.toString(), "--participants", "40"));
        assertEquals(Scenario.AUDIO, o.scenario());
        assertEquals(40, o.participants());
        assertEquals(3, o.speakers());
        assertEquals(5, o.lastNAudio());
    }

    static Stream<Arguments> durations() {
        return Stream.of(Arguments.of("10s", 10_000), Arguments.of("500ms", 500), Arguments.of("1.5s", 1_500),
                Arguments.of("2m", 120_000), Arguments.of("7", 7_000));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void durations(String text, long millis) {
        assertEquals(millis, LoadgenOptions.duration(text).toMillis());
    }

    static Stream<Arguments> bitrates() {
        return Stream.of(Arguments.of("800k", 800_000), Arguments.of("2.5M", 2_500_000),
                Arguments.of("300000", 300_000), Arguments.of("1m", 1_000_000));
    }

    @ParameterizedTest
    @MethodSource("bitrates")
    void bitrates(String text, int bps) {
        assertEquals(bps, LoadgenOptions.bitrate(text));
    }

    static Stream<List<String>> refused() {
        return Stream.of(List.of("--bogus", "1"), List.of("--participants", "0"), List.of("--scenario", "party"),
                List.of("--participants"), List.of("stray"), List.of("--scenario", "livestream", "--participants", "1"),
                List.of("--rtx-history", "100"), List.of("--ramp-up", "0"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void badFlagsAreRefusedWithAReason(List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadgenOptions.parse(args));
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
    }
}
