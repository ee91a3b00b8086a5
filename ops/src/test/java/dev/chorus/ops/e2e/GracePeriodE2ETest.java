package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.audioPackets;
import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.LoopbackNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reconnection grace period with real browsers: one participant's signaling goes through a relay that cuts
 * connections like a network failure. Cut and back within the grace period (3 s here): the other participant
 * never hears {@code peerClosed} and media keeps flowing both ways. Away for longer: the other hears
 * {@code peerClosed}, and when the participant comes back it joins again and media flows again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracePeriodE2ETest {
    private ChorusNode node;
    private CuttableProxy proxy;
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        node = LoopbackNode.start("chorus.peer.grace-period = 3s\nchorus.media.workers = 1");
        proxy = new CuttableProxy(node.httpPort());
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aShortCutIsResumedUnnoticedAndALongOneEndsThePeer() {
        String room = "grace-room";
        Tab away = browser.harness("away", true);
        away.eval("window.harness.join({wsUrl: 'ws://localhost:" + proxy.port() + "/?roomId=" + room
                + "&peerId=away', displayName: 'Away', width: 320, height: 240, resume: true, retries: 12})");
        Tab stay = browser.harness("stay", false);
        stay.eval("window.harness.join({wsUrl: 'ws://localhost:" + node.httpPort() + "/?roomId=" + room
                + "&peerId=stay', displayName: 'Stay', width: 320, height: 240})");
        decodes(stay, "away", 10);
        decodes(away, "stay", 10);

        // A short cut: protoo-client reconnects through the relay within the grace period and resumes.
        proxy.cut();
        Await.until(Duration.ofSeconds(20), () -> away.eval("window.harness.resumes").asInt() == 1 ? null
                : "the participant has not resumed yet; errors " + away.eval("window.harness.errors"));
        assertEquals(0, peerClosedFor(stay, "away"), "the other participant never heard peerClosed");
        long fromAway = framesDecoded(stay.eval("window.harness.stats()"), "away");
        long fromStay = framesDecoded(away.eval("window.harness.stats()"), "stay");
        decodes(stay, "away", fromAway + 20);
        decodes(away, "stay", fromStay + 20);
        assertEquals(0, peerClosedFor(stay, "away"));

        // A long cut: unreachable for longer than the grace period, then back.
        proxy.block(true);
        proxy.cut();
        Await.until(Duration.ofSeconds(20), () -> peerClosedFor(stay, "away") == 1 ? null
                : "the other participant was not told that the peer left");
        proxy.block(false);
        Await.until(Duration.ofSeconds(30), () -> away.eval("window.harness.rejoins").asInt() == 1 ? null
                : "the participant has not joined again; errors " + away.eval("window.harness.errors"));
        decodes(stay, "away", 10);
        decodes(away, "stay", 10);
        assertTrue(stay.eval("window.harness.notifications()").toString().contains("newPeer"));
        away.eval("window.harness.leave()");
        stay.eval("window.harness.leave()");
    }

    private static int peerClosedFor(Tab tab, String peerId) {
        int n = 0;
        for (JsonNode e : tab.eval("window.harness.notifications()")) {
            if ("peerClosed".equals(e.path("method").asText()) && peerId.equals(e.path("peerId").asText())) {
                n++;
            }
        }
        return n;
    }

    private static void decodes(Tab rx, String from, long frames) {
        Await.until(Duration.ofSeconds(45), () -> {
            JsonNode s = rx.eval("window.harness.stats()");
            return framesDecoded(s, from) >= frames && audioPackets(s, from) > 0 ? null
                    : rx.name + " does not decode " + from + " (" + frames + " frames) yet: " + s;
        });
    }
}
