package dev.chorus.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * VP9 SVC end to end in headless Chromium through a real node: a plain mediasoup-client app publishes its fake
 * camera at 960x540, 15 fps, as one VP9 encoding with {@code scalabilityMode: 'L3T3_KEY'} (three spatial layers in
 * one RTP stream: 240, 480 and 960 wide). One subscriber asks for spatial layer 0, another for layer 2
 * ({@code setConsumerPreferredLayers}). Each decodes what it asked for: the second the publisher's full width, the
 * first a quarter of it (Chrome's {@code frameWidth}); both keep decoding frames, and each is told
 * {@code consumerLayersChanged} with its spatial layer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SvcE2ETest {
    private static final String ROOM = "svc-room";
    private static final Duration WAIT = Duration.ofSeconds(15);

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
                ? "produce: true, consume: false, audio: 'silence', video: true, svc: 'L3T3_KEY', width: 960, height: 540, frameRate: 15"
                : "produce: false, consume: true";
        t.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + peerId + "', " + options + "})");
        return t;
    }

    private static JsonNode video(Tab tab) {
        return tab.eval("window.harness.stats()").path("pub").path("video");
    }

    /** The consumerLayersChanged notifications a tab got, as s/t (for failure messages). */
    private static String layerNotifications(Tab tab) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : tab.eval("window.harness.notifications()")) {
            if (n.path("method").asText().equals("consumerLayersChanged")) {
                b.append(' ').append(n.path("data").path("spatialLayer").asText())
                        .append('/').append(n.path("data").path("temporalLayer").asText());
            }
        }
        return b.toString();
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
        Await.until(WAIT, () -> {
            JsonNode ids = tab.eval("window.harness.setPreferredLayers(" + spatial + ")");
            return ids.size() == 1 ? null : "no video consumer yet: " + tab.eval("window.harness.peers()")
                    + " errors " + tab.eval("window.harness.errors");
        });
    }

    @Test
    void subscribersDecodeTheSpatialLayerTheyPrefer() {
        Tab low = join("low", false, true);
        Tab high = join("high", false, false);
        Tab pub = join("pub", true, false);
        prefer(low, 0);
        prefer(high, 2);

        // The publisher's encoder may scale its input down when the machine is busy: the top layer is whatever
        // width it currently sends, and the base layer a quarter of it.
        Await.until(WAIT, () -> {
            JsonNode sent = pub.eval("window.harness.sendStats()");
            int l = video(low).path("frameWidth").asInt(0);
            int h = video(high).path("frameWidth").asInt(0);
            return l > 0 && l <= 260 && h >= 3 * l && h == sent.path("videoFrameWidth").asInt() ? null
                    : "frame widths: low " + l + ", high " + h + "; layers told: low" + layerNotifications(low)
                    + ", high" + layerNotifications(high) + "; publisher " + sent;
        });

        long lowFrames = video(low).path("framesDecoded").asLong();
        long highFrames = video(high).path("framesDecoded").asLong();
        Await.until(WAIT, () -> {
            long lf = video(low).path("framesDecoded").asLong();
            long hf = video(high).path("framesDecoded").asLong();
            return lf >= lowFrames + 20 && hf >= highFrames + 20 ? null
                    : "frames keep decoding: low " + lowFrames + " -> " + lf + ", high " + highFrames + " -> " + hf;
        });
        Await.until(Duration.ofSeconds(5), () -> toldLayer(low, 0) ? null : "low was not told spatial layer 0");
        Await.until(Duration.ofSeconds(5), () -> toldLayer(high, 2) ? null : "high was not told spatial layer 2");
        for (Tab t : new Tab[] {pub, low, high}) {
            JsonNode errors = t.eval("window.harness.errors");
            assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        }
        pub.eval("window.harness.leave()");
        low.eval("window.harness.leave()");
        high.eval("window.harness.leave()");
    }
}
