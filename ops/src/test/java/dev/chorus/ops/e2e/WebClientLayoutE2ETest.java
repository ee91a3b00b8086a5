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
 * The shipped web client's layouts and per-tile layer requests, end to end in headless Chromium through a real
 * node. Three pages in one browser:
 * <ul>
 *   <li>{@code pub}: the web client publishing its fake camera at 960x540 (15 fps) as three VP8 simulcast
 *       encodings, so the layers are 240, 480 and 960 pixels wide, and its microphone muted;</li>
 *   <li>{@code talker}: the plain mediasoup-client harness publishing a loud tone and no video, so the room has
 *       an active speaker;</li>
 *   <li>{@code viewer}: the web client without camera or microphone, opened with {@code layout=spotlight}.</li>
 * </ul>
 * The viewer's tile of {@code pub} changes size as the test pins it and switches layouts, and the width of the
 * frames the viewer decodes from {@code pub} (Chrome's {@code frameWidth}) follows: the smallest layer in the
 * strip, the full resolution as the large tile, the middle layer in a 2x2 grid. The DOM shows the layout, and the
 * active-speaker highlight on the talker's tile survives every switch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientLayoutE2ETest {
    private static final String ROOM = "layout-room";
    /** The first wait also covers the publisher's start (bandwidth ramp, all three encodings active). */
    private static final Duration FIRST = Duration.ofSeconds(30);
    private static final Duration SWITCH = Duration.ofSeconds(15);

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

    private Tab webClient(String peerId, String params) {
        String url = node.url() + "?roomId=" + ROOM + "&peerId=" + peerId + "&displayName=" + peerId + "&" + params;
        return browser.page(url, peerId, false);
    }

    /** Width of the last frame {@code viewer} decoded from {@code pub}. */
    private static int pubWidth(Tab viewer) {
        return viewer.eval("window.chorus.stats()").path("pub").path("video").path("frameWidth").asInt(0);
    }

    private static String diagnostics(Tab viewer, Tab pub) {
        return "viewer layout " + viewer.eval("window.chorus.layout()")
                + ", layers " + viewer.eval("window.chorus.layers()")
                + ", pub sends " + pub.eval("window.chorus.sendStats()")
                + " (producers " + pub.eval("window.chorus.producerIds()")
                + ", notices " + pub.eval("window.chorus.notices") + ")";
    }

    /** Waits until the viewer decodes {@code pub} at a width in [min, max]; polls only the stats until then. */
    private static void awaitPubWidth(Tab viewer, Tab pub, Duration timeout, int min, int max, String why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int w;
        do {
            w = pubWidth(viewer);
            if (w >= min && w <= max) {
                return;
            }
            Await.pause(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(why + ": within " + timeout.toSeconds() + " s pub was decoded " + w
                + " px wide, expected " + min + ".." + max + "; " + diagnostics(viewer, pub));
    }

    private static void awaitDom(Tab tab, String css, String why) {
        Await.until(SWITCH, () -> tab.count(css) == 1 ? null : why + " (no " + css + ")");
    }

    /**
     * Waits until the viewer's tile of pub asked for {@code layer} and the server acknowledged it. Awaited, not
     * asserted after the decoded width: the width can reach a layer's range first for another reason (the
     * downlink allocation holding the stream below what was asked while the estimate ramps up).
     */
    private static void awaitSentLayer(Tab viewer, int layer, Duration within, String why) {
        Await.until(within, () -> sentLayer(viewer) == layer ? null : why + " (asked for " + sentLayer(viewer) + ")");
    }

    /** The layer the viewer's tile of pub asked for, as last acknowledged by the server (-1: none yet). */
    private static int sentLayer(Tab viewer) {
        return viewer.eval("window.chorus.layers()").path("peers").path("pub").path("sent").path("spatialLayer").asInt(-1);
    }

    @Test
    void theTileSizeChoosesTheLayerInEveryLayout() {
        Tab talker = browser.harness("talker", true);
        String ws = "ws://localhost:" + node.httpPort() + "/?roomId=" + ROOM + "&peerId=talker";
        talker.eval("window.harness.join({wsUrl: '" + ws + "', displayName: 'talker', produce: true, consume: false,"
                + " audio: 'tone', video: false})");
        Tab pub = webClient("pub", "width=960&height=540&fps=15");
        // pub sends its (beeping) fake microphone muted, so the talker's tone is the only voice in the room.
        Await.until(FIRST, () -> pub.eval("window.chorus.producerIds()").size() == 2 ? null
                : "pub does not publish microphone and camera: " + pub.eval("window.chorus.notices"));
        pub.click("#btn-mic");
        Tab viewer = webClient("viewer", "audio=0&video=0&layout=spotlight");

        // Spotlight, the talker is the active speaker and large: pub is a thumbnail in the strip -> layer 0.
        awaitDom(viewer, "#stage[data-layout=spotlight]", "the viewer opened in spotlight");
        awaitDom(viewer, ".tile.speaking[data-peer-id=talker]", "the talker's tile is highlighted");
        awaitDom(viewer, "#stage-main .tile.main[data-peer-id=talker]", "the active speaker is the large tile");
        awaitDom(viewer, "#grid .tile[data-peer-id=pub]", "pub is in the strip");
        awaitSentLayer(viewer, 0, FIRST, "the thumbnail asked for layer 0");
        awaitPubWidth(viewer, pub, FIRST, 1, 260, "a thumbnail decodes the lowest layer");
        viewer.screenshot("layout-spotlight-thumbnail");

        // Pin pub: it becomes the large tile -> layer 2, while the highlight stays on the talker.
        viewer.click(".tile[data-peer-id=pub] .pin");
        awaitDom(viewer, "#stage-main .tile.main.pinned[data-peer-id=pub]", "the pinned tile is the large one");
        awaitSentLayer(viewer, 2, SWITCH, "the large tile asked for layer 2");
        awaitPubWidth(viewer, pub, FIRST, 900, 960, "the large tile decodes the full resolution");
        assertEquals(2, viewer.eval("window.chorus.layers()").path("peers").path("pub").path("sent").path("priority")
                .asInt(), "the large tile's video has the higher priority");
        assertEquals(1, viewer.count(".tile.speaking[data-peer-id=talker]"), "the highlight survives the pin");
        JsonNode sends = pub.eval("window.chorus.sendStats()");
        assertEquals(3, sends.size(), "pub publishes three simulcast encodings: " + sends);
        viewer.screenshot("layout-spotlight-pinned");

        // Grid of 2x2 (the viewer's preview, pub, talker): a medium tile -> layer 1.
        viewer.click("#layout-grid");
        awaitDom(viewer, "#stage[data-layout=grid]", "the grid layout is drawn");
        assertEquals(0, viewer.count(".tile.main"), "no large tile in the grid");
        awaitSentLayer(viewer, 1, SWITCH, "the grid tile asked for layer 1");
        awaitPubWidth(viewer, pub, SWITCH, 400, 560, "a grid tile decodes the middle layer");
        assertEquals(1, viewer.count(".tile.speaking[data-peer-id=talker]"), "the highlight survives the grid");
        viewer.screenshot("layout-grid");

        // Sidebar: the pin still holds, pub is large again -> layer 2; unpinned, the speaker takes over and pub
        // moves into the side column -> layer 0.
        viewer.click("#layout-sidebar");
        awaitDom(viewer, "#stage[data-layout=sidebar]", "the sidebar layout is drawn");
        awaitDom(viewer, "#stage-main .tile.main[data-peer-id=pub]", "the pinned tile is large in the sidebar layout");
        awaitPubWidth(viewer, pub, SWITCH, 900, 960, "the sidebar's large tile decodes the full resolution");
        viewer.click(".tile[data-peer-id=pub] .pin");
        awaitDom(viewer, "#stage-main .tile.main.speaking[data-peer-id=talker]", "unpinned: the speaker is large");
        awaitPubWidth(viewer, pub, SWITCH, 1, 260, "the side column decodes the lowest layer");
        viewer.screenshot("layout-sidebar");

        // Requests went out on changes only: one per layer change (thumbnail, large, grid, large, column) plus at
        // most one while the first tiles were being placed.
        int requests = viewer.eval("window.chorus.layers()").path("sent").path("setConsumerPreferredLayers").asInt();
        assertTrue(requests >= 5 && requests <= 6, "layer requests sent: " + requests);
        JsonNode errors = talker.eval("window.harness.errors");
        assertEquals(0, errors.size(), "the harness recorded no errors: " + errors);
        talker.eval("window.harness.leave()");
        viewer.click("#btn-leave");
        pub.click("#btn-leave");
    }
}
