package dev.chorus.ops.e2e;

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
 * Downlink bandwidth estimation end to end: a publisher sends three VP8 simulcast layers (960x540) and a subscriber
 * who wants the top layer receives it. Then the subscriber's downlink is squeezed to 350 kbit/s by a relay between
 * Chromium and the node (queueing delay, then loss — a real bottleneck, not a setting): from the subscriber's own
 * transport-cc feedback the node's estimate falls and the subscriber is moved to a lower layer while it keeps
 * decoding. When the squeeze is lifted, the node probes, finds the bandwidth again and moves it back up to the
 * full resolution. Only the node→browser direction is shaped; the publisher's uplink is untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownlinkLimitE2ETest {
    private static final String ROOM = "downlink-room";
    private static final long SQUEEZE_BPS = 350_000;

    private ThrottledUdpRelay relay;
    private ChorusNode node;
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        // The node binds an ephemeral UDP port, announces the relay's, and has no TCP candidate to bypass it.
        relay = new ThrottledUdpRelay();
        node = LoopbackNode.start("chorus.media.workers = 2\nchorus.media.tcp-port = -1\n"
                + "chorus.media.announced-udp-port = " + relay.port());
        relay.target(node.media().udpPort());
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
        if (relay != null) {
            relay.close();
        }
    }

    private Tab join(String peerId, boolean publish, boolean firstTab) {
        String ws = HarnessBrowser.wsUrl(node.httpPort(), ROOM, peerId);
        Tab t = browser.harness(peerId, firstTab);
        String options = publish
                ? "produce: true, consume: false, audio: 'silence', video: true, simulcast: true, width: 960, height: 540"
                : "produce: false, consume: true";
        t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "', " + options + "})");
        return t;
    }

    private static int frameWidth(Tab tab) {
        return tab.eval("window.harness.stats()").path("pub").path("video").path("frameWidth").asInt(0);
    }

    private static int lastSpatialLayer(Tab tab) {
        int layer = -2;
        for (JsonNode n : tab.eval("window.harness.notifications()")) {
            if (n.path("method").asText().equals("consumerLayersChanged")) {
                layer = n.path("data").path("spatialLayer").isInt() ? n.path("data").path("spatialLayer").asInt() : -1;
            }
        }
        return layer;
    }

    @Test
    void aSqueezedDownlinkGetsALowerLayerAndTheTopLayerBackWhenItRecovers() {
        Tab sub = join("sub", false, true);
        Tab pub = join("pub", true, false);

        Await.until(Duration.ofSeconds(60), () -> {
            int w = frameWidth(sub);
            return w >= 900 ? null : "before the squeeze the subscriber decodes width " + w + "; publisher "
                    + pub.eval("window.harness.sendStats()");
        });

        relay.limitDownlink(SQUEEZE_BPS, 150);
        long squeezed = System.nanoTime();
        Await.until(Duration.ofSeconds(30), () -> {
            int w = frameWidth(sub);
            return w > 0 && w <= 500 && lastSpatialLayer(sub) >= 0 && lastSpatialLayer(sub) <= 1 ? null
                    : "squeezed: width " + w + ", last layer " + lastSpatialLayer(sub);
        });
        System.out.printf("downlink: moved down %.1f s after the squeeze (relay dropped %d packets)%n",
                (System.nanoTime() - squeezed) / 1e9, relay.dropped());
        sub.eval("window.harness.watchFrames()");
        Await.until(Duration.ofSeconds(10), () -> sub.eval("window.harness.frameWatch()").path("frames").asInt() > 20
                ? null : "decoding under the squeeze: " + sub.eval("window.harness.frameWatch()"));

        relay.limitDownlink(0, 0);
        long lifted = System.nanoTime();
        Await.until(Duration.ofSeconds(60), () -> {
            int w = frameWidth(sub);
            return w >= 900 && lastSpatialLayer(sub) == 2 ? null
                    : "lifted: width " + w + ", last layer " + lastSpatialLayer(sub);
        });
        System.out.printf("downlink: back to the top layer %.1f s after the lift%n",
                (System.nanoTime() - lifted) / 1e9);

        boolean toldBwe = false;
        for (JsonNode n : sub.eval("window.harness.notifications()")) {
            toldBwe |= n.path("method").asText().equals("downlinkBwe")
                    && n.path("data").path("availableBitrate").asLong() > 0;
        }
        assertTrue(toldBwe, "the subscriber was told downlinkBwe");
        for (Tab t : new Tab[] {pub, sub}) {
            JsonNode errors = t.eval("window.harness.errors");
            assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        }
        pub.eval("window.harness.leave()");
        sub.eval("window.harness.leave()");
    }
}
