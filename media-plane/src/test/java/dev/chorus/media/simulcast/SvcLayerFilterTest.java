package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A synthetic L3T3_KEY VP9 stream (3 spatial layers per picture, 2 packets each, TID pattern 0 2 1 2 with the U
 * bit on the first TL1/TL2 pictures after a TL0 one) through the filter and a single-stream
 * {@link SimulcastRewriter}: layers move as specified and the output stays gap-free with one marker per picture.
 */
class SvcLayerFilterTest {
    private final List<String> layers = new ArrayList<>();
    private final SvcLayerFilter filter = new SvcLayerFilter(new LayerSelector.Listener() {
        @Override
        public void keyFrameNeeded(int spatialLayer, long nowMs) {
        }

        @Override
        public void layersChanged(int spatialLayer, int temporalLayer) {
            layers.add(spatialLayer + "/" + temporalLayer);
        }
    }, 2, 2);
    private final SimulcastRewriter rewriter = new SimulcastRewriter(new SenderReportTable(1, 90_000), 9, 65_530);
    private final Vp9Descriptor d = new Vp9Descriptor();
    private int seq = 65_000;
    private int lastOut = -1;
    /** Per forwarded picture: highest SID forwarded, TID, number of markers. */
    private final List<int[]> pictures = new ArrayList<>();

    private void picture(long n, boolean key) {
        int tid = key ? 0 : SimStream.tidOf((int) n);
        boolean u = !key && ((n & 3) == 1 || (n & 3) == 2);
        long ts = 1000 + n * 3000;
        int[] summary = {-1, tid, 0};
        for (int sid = 0; sid < 3; sid++) {
            for (int k = 0; k < 2; k++) {
                boolean begin = k == 0;
                boolean end = k == 1;
                boolean p = !key;
                int b0 = 0x80 | (p ? 0x40 : 0) | 0x20 | (begin ? 0x08 : 0) | (end ? 0x04 : 0);
                int l = (tid << 5) | (u ? 0x10 : 0) | (sid << 1) | (sid > 0 && key ? 1 : 0);
                byte[] payload = {(byte) b0, (byte) (n & 0x7F), (byte) l, (byte) (n / 4), 0x11};
                assertTrue(d.parse(payload, 0, payload.length));
                boolean originalMarker = sid == 2 && end;
                int s = seq;
                seq = (seq + 1) & 0xFFFF;
                if (filter.onPacket(ts, d, originalMarker) == SvcLayerFilter.DROP) {
                    rewriter.drop(s, null);
                    continue;
                }
                if (rewriter.stream() < 0) {
                    rewriter.switchTo(0, s, ts, null, n * 33);
                }
                assertTrue(rewriter.rewrite(s, ts, filter.marker(), null, n * 33));
                int out = rewriter.outSequenceNumber();
                if (lastOut >= 0) {
                    assertEquals((lastOut + 1) & 0xFFFF, out, "gap-free at picture " + n);
                }
                lastOut = out;
                summary[0] = Math.max(summary[0], sid);
                summary[2] += filter.marker() ? 1 : 0;
                if (filter.marker()) {
                    assertTrue(end && sid == filter.currentSpatial(), "marker ends the top forwarded layer");
                }
            }
        }
        if (summary[0] >= 0) {
            pictures.add(summary);
            assertEquals(1, summary[2], "one marker per forwarded picture " + n);
        }
    }

    private void pictures(long from, long to, long keyAt) {
        for (long n = from; n < to; n++) {
            picture(n, n == keyAt);
        }
    }

    @Test
    void waitsForAKeyPictureThenForwardsAllLayers() {
        assertTrue(filter.needsKeyFrame());
        pictures(0, 4, -1);
        assertTrue(pictures.isEmpty(), "nothing before the first key picture");
        pictures(4, 12, 4);
        assertEquals(List.of("2/2"), layers);
        assertEquals(8, pictures.size());
        assertTrue(pictures.stream().allMatch(p -> p[0] == 2));
        assertFalse(filter.needsKeyFrame());
    }

    @Test
    void spatialDownAtOnceUpOnlyAtAKeyPicture() {
        pictures(0, 8, 0);
        filter.setTargetLayers(0, 2);
        pictures.clear();
        pictures(8, 16, -1);
        assertEquals("0/2", layers.get(layers.size() - 1));
        assertTrue(pictures.stream().allMatch(p -> p[0] == 0), "only the base spatial layer");
        assertEquals(8, pictures.size());

        filter.setTargetLayers(1, 2);
        assertTrue(filter.needsKeyFrame());
        pictures.clear();
        pictures(16, 24, 20);
        assertEquals("1/2", layers.get(layers.size() - 1));
        for (int i = 0; i < pictures.size(); i++) {
            assertEquals(i < 4 ? 0 : 1, pictures.get(i)[0], "picture " + (16 + i));
        }
    }

    @Test
    void temporalDownAtOnceUpAtSwitchingPoints() {
        pictures(0, 8, 0);
        filter.setTargetLayers(2, 0);
        pictures.clear();
        pictures(8, 16, -1);
        assertEquals("2/0", layers.get(layers.size() - 1));
        assertTrue(pictures.stream().allMatch(p -> p[1] == 0));
        assertEquals(2, pictures.size());

        filter.setTargetLayers(2, 2);
        pictures.clear();
        pictures(16, 24, -1);
        // 16: TL0, 17: TL2 (U, but TL1 first), 18: TL1 with U -> up to 1, 19: TL2 no U... 20 TL0, 21: TL2 with U -> 2.
        assertEquals(List.of("2/2", "2/0", "2/1", "2/2"), layers);
        assertEquals(List.of(0, 1, 0, 2, 1, 2), pictures.stream().map(p -> p[1]).toList());
    }

    @Test
    void resetWaitsForTheNextKeyPicture() {
        pictures(0, 4, 0);
        filter.reset();
        assertEquals("-1/-1", layers.get(layers.size() - 1));
        pictures.clear();
        pictures(4, 8, -1);
        assertTrue(pictures.isEmpty());
        pictures(8, 10, 8);
        assertEquals(2, pictures.size());
        byte[] bad = {(byte) 0x80};
        d.parse(bad, 0, 1);
        assertEquals(SvcLayerFilter.DROP, filter.onPacket(1, d, false));
    }
}
