package dev.chorus.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.HttpProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Audio last-N end to end in headless Chromium through a real node: a room with {@code lastNAudio = 2}, four
 * publishers (a, b, c, d, joined in that order, each a WebAudio tone that starts muted) and a listener that
 * publishes nothing. The listener's {@code getStats()} must show audio packets arriving from exactly the two
 * selected publishers, and the set must follow who speaks: first the join order (a, b), then c once its tone
 * sounds (with one of a, b), then c and d once d speaks after c.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastNAudioE2ETest {
    private static final String ROOM = "last-n-audio";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a publisher's packet count is watched: Chrome sends Opus at 50 packets per second. */
    private static final long WINDOW_MS = 2_000;
    private static final List<String> PUBLISHERS = List.of("a", "b", "c", "d");

    private ChorusNode node;
    private HarnessBrowser browser;
    private final Map<String, Tab> tabs = new LinkedHashMap<>();
    private Tab listener;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start();
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private Tab join(String peerId, boolean publish, boolean firstTab) {
        String ws = HarnessBrowser.wsUrl(node.httpPort(), ROOM, peerId);
        Tab t = browser.harness(peerId, firstTab);
        JsonNode joined = t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "',"
                + " audio: 'muted-tone', video: false, produce: " + publish + "})");
        assertEquals(publish ? 1 : 0, joined.path("producerIds").size(), peerId + ": " + joined);
        return t;
    }

    /** Audio packets the listener has received so far, by publisher (0 for one it has no consumer of). */
    private Map<String, Long> received() {
        JsonNode stats = listener.eval("window.harness.stats()");
        Map<String, Long> out = new LinkedHashMap<>();
        for (String p : PUBLISHERS) {
            out.put(p, stats.path(p).path("audio").path("packetsReceived").asLong(0));
        }
        return out;
    }

    /** The publishers whose packets reach the listener during a window: those whose count grew by 25 or more. */
    private Set<String> flowing() {
        Map<String, Long> before = received();
        sleep(WINDOW_MS);
        Map<String, Long> after = received();
        Set<String> out = new TreeSet<>();
        for (String p : PUBLISHERS) {
            if (after.get(p) - before.get(p) >= 25) {
                out.add(p);
            }
        }
        return out;
    }

    /** Waits until the flowing set passes {@code check} (null) twice in a row; returns it. */
    private Set<String> awaitFlowing(java.util.function.Function<Set<String>, String> check) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String why = "never measured";
        int good = 0;
        while (System.nanoTime() < deadline) {
            Set<String> f = flowing();
            why = check.apply(f);
            good = why == null ? good + 1 : 0;
            if (good == 2) {
                return f;
            }
        }
        throw new AssertionError("the listener's audio did not settle: " + why);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theListenerHearsExactlyTheTwoSelectedPublishersAndTheSetFollowsWhoSpeaks() {
        HttpProbe.Reply created = new HttpProbe().send("POST",
                "http://localhost:" + node.httpPort() + "/api/rooms", "{\"id\":\"" + ROOM + "\",\"lastNAudio\":2}");
        assertEquals(201, created.status(), created.body());
        for (int i = 0; i < PUBLISHERS.size(); i++) {
            tabs.put(PUBLISHERS.get(i), join(PUBLISHERS.get(i), true, i == 0));
        }
        listener = join("listener", false, false);

        // Nobody has spoken: the selection is filled in join order.
        awaitFlowing(f -> f.equals(Set.of("a", "b")) ? null : "expected a and b (join order), flowing: " + f);

        // c speaks: it takes a slot; one of a and b keeps the other.
        tabs.get("c").eval("window.harness.setTone(true)");
        Set<String> withC = awaitFlowing(f -> f.size() == 2 && f.contains("c") && !f.contains("d") ? null
                : "expected c and one of a, b, flowing: " + f);
        assertTrue(withC.contains("a") || withC.contains("b"), withC.toString());

        // c stops, d speaks: the two most recent speakers are selected.
        tabs.get("c").eval("window.harness.setTone(false)");
        tabs.get("d").eval("window.harness.setTone(true)");
        awaitFlowing(f -> f.equals(Set.of("c", "d")) ? null : "expected c and d (the last two speakers), flowing: " + f);

        JsonNode errors = listener.eval("window.harness.errors");
        assertEquals(0, errors.size(), "the listener's harness recorded no errors: " + errors);
        for (Tab t : tabs.values()) {
            t.eval("window.harness.leave()");
        }
        listener.eval("window.harness.leave()");
    }
}
