package dev.chorus.media.simulcast;

import dev.chorus.media.rtcp.NtpTime;

/**
 * A synthetic simulcast encoding for tests: 30 fps (frame n captured at n/30 s, RTP timestamp tsBase + 3000 n at
 * 90 kHz), its own sequence numbers, 7- or 15-bit PictureIDs and TL0PICIDX, and temporal ids in the L1T3 pattern
 * 0 2 1 2 (with the layer-sync bit on the first TL1 and TL2 frames after each TL0 frame, as libvpx-style encoders
 * set it when a layer only references the base). Each frame is {@code packetsPerFrame} packets.
 */
final class SimStream {
    static final int CLOCK = 90_000;
    static final int FRAME_TICKS = 3000;

    final int index;
    final long tsBase;
    final int pidBits;
    final int packetsPerFrame;
    int seq;
    int pid;
    int tl0;

    /** The packet last produced by {@link #packet}. */
    int pSeq;
    long pTs;
    boolean pMarker;
    final Vp8Descriptor vp8 = new Vp8Descriptor();
    byte[] payload;

    SimStream(int index, int seq, long tsBase, int pid, int pidBits, int tl0, int packetsPerFrame) {
        this.index = index;
        this.seq = seq & 0xFFFF;
        this.tsBase = tsBase;
        this.pid = pid;
        this.pidBits = pidBits;
        this.tl0 = tl0;
        this.packetsPerFrame = packetsPerFrame;
    }

    static int tidOf(int frame) {
        int m = frame & 3;
        return m == 0 ? 0 : m == 2 ? 1 : 2;
    }

    /** RTP timestamp of frame n. */
    long ts(long frame) {
        return (tsBase + frame * FRAME_TICKS) & 0xFFFF_FFFFL;
    }

    /** Wall clock (ms) at which frame n is captured, rounded down. */
    static long wallMs(long frame) {
        return frame * 100 / 3;
    }

    /** Sends this stream's SR as taken at whole second {@code sec} into the table. */
    void report(SenderReportTable table, long sec) {
        table.onSenderReport(index, NtpTime.toNtp64(1_700_000_000_000L + sec * 1000),
            (tsBase + sec * CLOCK) & 0xFFFF_FFFFL);
    }

    /**
     * Produces packet {@code k} (0-based) of frame {@code frame}; the frame's PictureID/TL0PICIDX advance on its
     * first packet (call frames in order, each packet once). {@code key} makes it a key frame (TID 0).
     */
    void packet(long frame, int k, boolean key) {
        int tid = key ? 0 : tidOf((int) frame);
        if (k == 0) {
            pid = (pid + 1) & (pidBits == 15 ? 0x7FFF : 0x7F);
            if (tid == 0) {
                tl0 = (tl0 + 1) & 0xFF;
            }
        }
        boolean y = !key && ((frame & 3) == 1 || (frame & 3) == 2);
        payload = Vp8Payloads.payload(k == 0, pidBits, pid, tl0, tid, y, -1, key);
        if (!vp8.parse(payload, 0, payload.length)) {
            throw new AssertionError("unparsable synthetic payload");
        }
        pSeq = seq;
        seq = (seq + 1) & 0xFFFF;
        pTs = ts(frame);
        pMarker = k == packetsPerFrame - 1;
    }
}
