package dev.chorus.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Simulcast end to end in headless Chromium through a real node: a plain mediasoup-client app publishes its
 * fake camera at 960x540 as three VP8 simulcast encodings (scaleResolutionDownBy 4, 2, 1); one subscriber asks
 * for spatial layer 0, another for layer 2 ({@code setConsumerPreferredLayers}). Each decodes the stream it asked
 * for: the first a quarter of the width of the second (Chrome's {@code frameWidth}), and the first is told
 * {@code consumerLayersChanged} with spatial layer 0. Then the second switches down to layer 0 and back up to 2:
 * its decoded width follows each time, and decoding never stops for a second or more across the switches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulcastE2ETest {
    private static final String ROOM = "simulcast-room";
    /** The publisher's bandwidth estimate has to ramp up before Chrome turns the top layer on. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ChorusNode node;
    private HarnessBrowser browser;

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
        String options = publish
                ? "produce: true, consume: false, audio: 'silence', video: true, simulcast: true, width: 960, height: 540"
                : "produce: false, consume: true";
        t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "', " + options + "})");
        return t;
    }

    private static int frameWidth(Tab tab) {
        return tab.eval("window.harness.stats()").path("pub").path("video").path("frameWidth").asInt(0);
    }

    private static boolean toldLayer(Tab tab, int spatial) {
        for (JsonNode n : tab.eval("window.harness.notifications()")) {
            if (n.path("method").asText().equals("consumerLayersChanged")
                    && n.path("data").path("spatialLayer").isInt()
                    && n.path("data").path("spatialLayer").asInt() == spatial) {
                return true;
            }
        }
        return false;
    }

    private static void prefer(Tab tab, int spatial) {
        Await.until(Duration.ofSeconds(15), () -> {
            JsonNode ids = tab.eval("window.harness.setPreferredLayers(" + spatial + ")");
            return ids.size() == 1 ? null : "no video consumer yet: " + tab.eval("window.harness.peers()")
                    + " errors " + tab.eval("window.harness.errors");
        });
    }

    @Test
    void subscribersGetTheSpatialLayerTheyPrefer() {
        // Subscribers first: each gets newConsumer when the publisher produces.
        Tab low = join("low", false, true);
        Tab high = join("high", false, false);
        Tab pub = join("pub", true, false);
        prefer(low, 0);
        prefer(high, 2);

        Await.until(WAIT, () -> {
            int l = frameWidth(low);
            int h = frameWidth(high);
            return l > 0 && h >= 900 && l <= 260 ? null
                    : "frame widths: low " + l + ", high " + h + "; publisher " + pub.eval("window.harness.sendStats()");
        });
        int l = frameWidth(low);
        int h = frameWidth(high);
        assertTrue(h >= 3 * l, "the low subscriber decodes about a quarter of the width: " + l + " vs " + h);
        Await.until(Duration.ofSeconds(5), () -> toldLayer(low, 0) ? null : "low was not told spatial layer 0");
        Await.until(Duration.ofSeconds(5), () -> toldLayer(high, 2) ? null : "high was not told spatial layer 2");

        high.eval("window.harness.watchFrames()");
        prefer(high, 0);
        Await.until(Duration.ofSeconds(20), () -> {
            int w = frameWidth(high);
            return w > 0 && w <= 260 ? null : "after switching down, high decodes width " + w;
        });
        prefer(high, 2);
        Await.until(Duration.ofSeconds(20), () -> {
            int w = frameWidth(high);
            return w >= 900 ? null : "after switching up, high decodes width " + w;
        });
        // decoding goes on after the switch up too (the watch keeps sampling)
        int framesAtSwitch = high.eval("window.harness.frameWatch()").path("frames").asInt();
        Await.until(Duration.ofSeconds(10), () -> {
            int f = high.eval("window.harness.frameWatch()").path("frames").asInt();
            return f >= framesAtSwitch + 15 ? null : "decoding after the switch up: " + f + " frames in all";
        });
        JsonNode watch = high.eval("window.harness.frameWatch()");
        assertTrue(watch.path("longestGapMs").asInt() < 1000, "no freeze of a second or more: " + watch);
        for (Tab t : new Tab[] {pub, low, high}) {
            JsonNode errors = t.eval("window.harness.errors");
            assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        }
        pub.eval("window.harness.leave()");
        low.eval("window.harness.leave()");
        high.eval("window.harness.leave()");
    }
}
