package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.chorus.media.AllocationBudget;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet path (descriptor parse and rewrite, stats, selector decision, rewriter, header and descriptor
 * writes) and the periodic selector update must not allocate: runs them many times after a warm-up and checks the
 * thread's allocated-bytes counter did not move.
 */
class SimulcastAllocationTest {
    private static final int FRAMES = 20_000;

    private final LayerStats stats = new LayerStats(3);
    private final SenderReportTable srs = new SenderReportTable(3, 90_000);
    private long keyFrameRequests;
    private long layerChanges;
    private final LayerSelector selector = new LayerSelector(stats, 3, 3, new LayerSelector.Listener() {
        @Override
        public void keyFrameNeeded(int spatialLayer, long nowMs) {
            keyFrameRequests++;
        }

        @Override
        public void layersChanged(int spatialLayer, int temporalLayer) {
            layerChanges++;
        }
    });
    private final SimulcastRewriter rewriter = new SimulcastRewriter(srs, 77, 1);
    private final SimulcastForwarder forwarder = new SimulcastForwarder(selector, rewriter);
    private final Vp8Descriptor vp8 = new Vp8Descriptor();
    /** Templates per stream: [0] key frame, [1..3] TID 0..2 (TID 1 and 2 with the sync bit). */
    private final byte[][][] templates = new byte[3][4][];
    private final int[] seq = {100, 30_000, 65_000};
    private final int[] pid = {0, 1000, 32_000};
    private final int[] tl0 = {0, 100, 250};
    private final byte[] out = new byte[1500];
    private final Vp9Descriptor vp9 = new Vp9Descriptor();
    private final SvcLayerFilter svc = new SvcLayerFilter(selectorListener(), 2, 2);
    private final byte[][] vp9Packets = {
        {(byte) 0xAC, (byte) 0x80, 0x01, 0x00, 0x00, 0x11},
        {(byte) 0xE4, (byte) 0x80, 0x02, 0x22, 0x00, 0x11},
        {(byte) 0xE8, (byte) 0x80, 0x03, 0x44, 0x00, 0x11},
    };
    private final LayerStats svcStats = new LayerStats(3);
    private final SvcForwarder svcForwarder = new SvcForwarder(svcStats, 3, 3, selectorListener(), 78, 65_000);
    private int svcSeq = 60_000;
    private long checksum;

    @Test
    void perPacketPathDoesNotAllocate() {
        for (int s = 0; s < 3; s++) {
            templates[s][0] = Vp8Payloads.frameStart(0, 0, 0, false, true);
            for (int t = 0; t < 3; t++) {
                templates[s][t + 1] = Vp8Payloads.frameStart(0, 0, t, t > 0, false);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        run(0);
        run(FRAMES);
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        run(2 * FRAMES);
        long after = mx.getThreadAllocatedBytes(tid);
        // Not one object per packet: that would be megabytes here. A few dozen bytes may come from the counter
        // read itself while it is not yet compiled (seen on a loaded machine, and with escape analysis off).
        long allocated = after - before;
        assertTrue(allocated < AllocationBudget.ONE_TIME_SLACK_BYTES, "bytes allocated by " + FRAMES + " frames of 3 streams" + ": " + allocated);
        assertTrue(checksum != 0 && keyFrameRequests > 0 && layerChanges > 0);
    }

    private LayerSelector.Listener selectorListener() {
        return new LayerSelector.Listener() {
            @Override
            public void keyFrameNeeded(int spatialLayer, long nowMs) {
                keyFrameRequests++;
            }

            @Override
            public void layersChanged(int spatialLayer, int temporalLayer) {
                layerChanges++;
            }
        };
    }

    private void run(int start) {
        for (int f = start; f < start + FRAMES; f++) {
            long now = f * 33L;
            if (f % 30 == 0) {
                for (int s = 0; s < 3; s++) {
                    srs.onSenderReport(s, (now + 1_000_000L) << 22, (s * 1_000_000L + f * 3000L) & 0xFFFF_FFFFL);
                }
            }
            if (f % 3 == 0) {
                // Move the preference around so switches keep happening.
                selector.setPreferredLayers((f / 300) % 3, (f / 100) % 3);
                selector.update(now);
            }
            for (byte[] p : vp9Packets) {
                vp9.parse(p, 0, p.length);
                if (svc.onPacket(f, vp9, false) == SvcLayerFilter.FORWARD && svc.marker()) {
                    checksum++;
                }
                // The consumer-side SVC path: layer stats, then the forwarder (filter + numbering).
                svcStats.onPacket(vp9.spatialId(), vp9.temporalId(), p.length, now);
                svcSeq = (svcSeq + 1) & 0xFFFF;
                if (svcForwarder.onPacket(svcSeq, f * 3000L, p == vp9Packets[2], vp9, now)) {
                    checksum += svcForwarder.outSequenceNumber() + (svcForwarder.marker() ? 1 : 0);
                }
            }
            if (f % 100 == 0) {
                svc.setTargetLayers((f / 100) % 3, 2);
            }
            if (f % 3 == 0) {
                svcForwarder.setPreferredLayers((f / 200) % 3, 2);
                svcForwarder.setAvailableBitrate(f % 900 < 450 ? LayerSelector.UNLIMITED : 20_000);
                svcForwarder.update(now);
            }
            int tidx = f % 60 == 0 ? 0 : 1 + SimStream.tidOf(f);
            for (int s = 0; s < 3; s++) {
                byte[] p = templates[s][tidx];
                vp8.parse(p, 0, p.length);
                pid[s] = (pid[s] + 1) & 0x7FFF;
                vp8.setPictureId(pid[s]);
                if (vp8.temporalId() == 0) {
                    tl0[s] = (tl0[s] + 1) & 0xFF;
                }
                vp8.setTl0PicIdx(tl0[s]);
                for (int k = 0; k < 2; k++) {
                    seq[s] = (seq[s] + 1) & 0xFFFF;
                    long ts = (s * 1_000_000L + f * 3000L) & 0xFFFF_FFFFL;
                    stats.onPacket(s, vp8.temporalId(), 1000, now);
                    if (forwarder.onPacket(s, seq[s], ts, k == 1, k == 0 && vp8.keyFrame(), vp8, now)) {
                        rewriter.writeHeader(out, 0);
                        rewriter.writeDescriptor(vp8, out, 12);
                        checksum += rewriter.outSequenceNumber() + rewriter.outTimestamp() + out[14];
                    }
                }
            }
        }
    }
}
