package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.LoopbackNode;
import dev.chorus.ops.WsProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One connection flooding the signaling channel does not disturb the others: a browser publishes, another browser
 * receives, and a Java protoo client in the same room sends about a hundred requests a second. It gets 429 errors
 * and is then closed (4000, "too many requests"), while the subscriber's {@code framesDecoded} keeps growing during
 * the flood and after it. The node runs the default request budget (20/s, bursts of 50); only the refusal
 * allowance is raised, so the flood lasts a few seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingFloodE2ETest {
    private static final String ROOM = "flood-room";

    private ChorusNode node;
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        node = LoopbackNode.start("""
                chorus.media.workers = 1
                chorus.limits.excess-before-close = 300
                chorus.limits.excess-window = 60s
                """);
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
        String options = publish
                ? "produce: true, consume: false, audio: 'silence', video: true, width: 320, height: 240"
                : "produce: false, consume: true";
        t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "', " + options + "})");
        return t;
    }

    private static long decoded(Tab sub) {
        return framesDecoded(sub.eval("window.harness.stats()"), "pub");
    }

    /** Waits until the subscriber decoded at least {@code frames} more frames than {@code from}. */
    private static long grows(Tab sub, long from, int frames, String when) {
        Await.until(Duration.ofSeconds(15), () -> decoded(sub) >= from + frames ? null
                : when + ": the subscriber decoded " + decoded(sub) + " frames, expected " + (from + frames));
        return decoded(sub);
    }

    @Test
    void aFloodingClientIsRefusedAndClosedWhileMediaKeepsFlowing() throws Exception {
        Tab pub = join("pub", true, true);
        Tab sub = join("sub", false, false);
        long before = grows(sub, 0, 20, "before the flood");

        WsProbe flood = WsProbe.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + node.httpPort()
                + "/?roomId=" + ROOM + "&peerId=flood"), "protoo");
        assertTrue(flood.request(1, "join", "{\"displayName\":\"flood\",\"device\":{}}").path("ok").asBoolean());
        long limited = Refusals.get(node.system()).count(Refusal.RATE_LIMITED);
        CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> {
            int id = 2;
            while (!flood.isClosed() && id < 20_000) {
                try {
                    flood.send("{\"request\":true,\"id\":" + id++ + ",\"method\":\"getRouterRtpCapabilities\","
                            + "\"data\":{}}");
                    Thread.sleep(10); // about 100 requests a second: a load generator's pace, not a wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
            }
            return id - 2;
        });

        // During the flood: refusals are being counted, and the subscriber keeps decoding.
        Await.until(Duration.ofSeconds(10), () -> Refusals.get(node.system()).count(Refusal.RATE_LIMITED)
                >= limited + 20 ? null : "no 429s yet");
        assertTrue(!flood.isClosed(), "the flood should still be going on (raise excess-before-close otherwise)");
        long during = grows(sub, before, 20, "during the flood");

        assertEquals(4000, flood.awaitClosedByServer());
        assertEquals("too many requests", flood.closeReason());
        int requests = sent.get(20, TimeUnit.SECONDS);
        List<JsonNode> frames = flood.drainFor(Duration.ofMillis(200));
        long refused = frames.stream().filter(f -> f.path("errorCode").asInt() == 429).count();
        assertTrue(refused >= 300, "the flood was refused (" + refused + " 429s of " + requests + " requests)");
        assertEquals(1, Refusals.get(node.system()).count(Refusal.RATE_LIMIT_CLOSED));

        // After it: the subscriber still decodes, and the flooder has left the room.
        grows(sub, during, 20, "after the flood");
        Await.until(Duration.ofSeconds(10), () -> sub.eval("window.harness.peers()").toString().contains("flood")
                ? "the subscriber still lists the flooder: " + sub.eval("window.harness.peers()") : null);
        for (Tab t : new Tab[] {pub, sub}) {
            JsonNode errors = t.eval("window.harness.errors");
            assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        }
        pub.eval("window.harness.leave()");
        sub.eval("window.harness.leave()");
    }
}
