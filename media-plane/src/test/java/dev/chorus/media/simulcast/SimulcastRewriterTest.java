package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Continuity of the rewritten stream across switches between synthetic simulcast streams whose sequence numbers,
 * timestamps, PictureIDs and TL0PICIDX sit near their wrap points.
 */
class SimulcastRewriterTest {
    private static final long SSRC = 0xCAFEBABEL;
    private final SenderReportTable srs = new SenderReportTable(3, SimStream.CLOCK);
    private final SimulcastRewriter rw = new SimulcastRewriter(srs, SSRC, 65_534);
    private final SimStream s0 = new SimStream(0, 65_500, 0xFFFF_0000L, 32_700, 15, 250, 2);
    private final SimStream s1 = new SimStream(1, 100, 12_345, 5, 15, 0, 2);
    private final SimStream s2 = new SimStream(2, 40_000, 0x7FFF_FFF0L, 32_760, 15, 255, 3);

    private int lastSeq = -1;
    private long lastTs = -1;
    private int lastPid = -1;
    private int lastTl0 = -1;

    /** Sends frames [from, to) of {@code s} through the rewriter, switching on the first if asked. */
    private void forward(SimStream s, long from, long to, boolean switchFirst) {
        for (long f = from; f < to; f++) {
            for (int k = 0; k < s.packetsPerFrame; k++) {
                boolean key = switchFirst && f == from;
                s.packet(f, k, key);
                if (key && k == 0) {
                    rw.switchTo(s.index, s.pSeq, s.pTs, s.vp8, SimStream.wallMs(f));
                }
                assertTrue(rw.rewrite(s.pSeq, s.pTs, s.pMarker, s.vp8, SimStream.wallMs(f)));
                checkContinuity(k == 0);
            }
        }
    }

    private void checkContinuity(boolean frameStart) {
        int seq = rw.outSequenceNumber();
        if (lastSeq >= 0) {
            assertEquals((lastSeq + 1) & 0xFFFF, seq, "sequence continues");
        }
        lastSeq = seq;
        long ts = rw.outTimestamp();
        int pid = rw.outPictureId();
        int tl0 = rw.outTl0PicIdx();
        if (frameStart && lastTs >= 0) {
            assertEquals((lastTs + SimStream.FRAME_TICKS) & 0xFFFF_FFFFL, ts, "timestamp advances one frame");
            assertEquals((lastPid + 1) & 0x7FFF, pid, "PictureID advances by one");
            assertTrue(tl0 == lastTl0 || tl0 == ((lastTl0 + 1) & 0xFF), "TL0PICIDX steps by 0 or 1");
        } else if (lastTs >= 0) {
            assertEquals(lastTs, ts, "same frame, same timestamp");
            assertEquals(lastPid, pid);
            assertEquals(lastTl0, tl0);
        }
        lastTs = ts;
        lastPid = pid;
        lastTl0 = tl0;
        assertEquals(SSRC, rw.ssrc());
    }

    @Test
    void continuousAcrossUpAndDownSwitchesWithSenderReports() {
        for (SimStream s : new SimStream[] {s0, s1, s2}) {
            s.report(srs, 1);
        }
        forward(s0, 0, 40, true);
        assertEquals(0, rw.stream());
        forward(s2, 40, 80, true);   // up, across the wrap of every counter
        forward(s1, 80, 120, true);  // down
        forward(s0, 120, 130, true); // down again, back to the first stream
        forward(s2, 130, 140, true); // and up
        assertEquals(2, rw.stream());
        assertEquals(lastSeq, rw.maxSequenceNumber());
        assertEquals(lastTs, rw.maxTimestamp());
    }

    @Test
    void firstPacketKeepsItsTimestampAndTakesTheFirstSequenceNumber() {
        s0.packet(0, 0, true);
        rw.switchTo(0, s0.pSeq, s0.pTs, s0.vp8, 0);
        assertTrue(rw.rewrite(s0.pSeq, s0.pTs, s0.pMarker, s0.vp8, 0));
        assertEquals(65_534, rw.outSequenceNumber());
        assertEquals(s0.pTs, rw.outTimestamp());
        assertEquals(0, rw.timestampOffset());
        assertEquals(1, rw.outPictureId());
        assertEquals(1, rw.outTl0PicIdx());
        byte[] pkt = new byte[12];
        rw.writeHeader(pkt, 0);
        assertEquals((byte) 0xFF, pkt[2]);
        assertEquals((byte) 0xFE, pkt[3]);
        assertEquals((byte) 0xCA, pkt[8]);
        assertEquals((byte) 0xBE, pkt[11]);
        byte[] copy = s0.payload.clone();
        rw.writeDescriptor(s0.vp8, copy, 0);
        Vp8Descriptor out = new Vp8Descriptor();
        assertTrue(out.parse(copy, 0, copy.length));
        assertEquals(1, out.pictureId());
        assertEquals(1, out.tl0PicIdx());
    }

    @Test
    void withoutSenderReportsTheWallClockPlacesTheKeyFrame() {
        s2.report(srs, 1); // only the target has an SR
        forward(s0, 0, 10, true);
        long lastOut = rw.maxTimestamp();
        long lastSentMs = SimStream.wallMs(9);
        long switchMs = lastSentMs + 250; // the key frame arrives 250 ms after the last packet sent
        s2.packet(40, 0, true);
        rw.switchTo(2, s2.pSeq, s2.pTs, s2.vp8, switchMs);
        assertTrue(rw.rewrite(s2.pSeq, s2.pTs, s2.pMarker, s2.vp8, switchMs));
        assertEquals((lastOut + 250 * 90) & 0xFFFF_FFFFL, rw.outTimestamp());
    }

    @Test
    void senderReportsThatDisagreeWithTheWallClockAreNotTrusted() {
        s0.report(srs, 1);
        // Stream 2's SR is off by ten seconds (a stale mapping from before an encoder restart, say).
        srs.onSenderReport(2, dev.chorus.media.rtcp.NtpTime.toNtp64(1_700_000_000_000L + 1000),
            (s2.tsBase + 11 * SimStream.CLOCK) & 0xFFFF_FFFFL);
        forward(s0, 0, 10, true);
        long lastOut = rw.maxTimestamp();
        long nowMs = SimStream.wallMs(9) + 40;
        s2.packet(10, 0, true);
        rw.switchTo(2, s2.pSeq, s2.pTs, s2.vp8, nowMs);
        assertTrue(rw.rewrite(s2.pSeq, s2.pTs, s2.pMarker, s2.vp8, nowMs));
        assertEquals((lastOut + 40 * 90) & 0xFFFF_FFFFL, rw.outTimestamp());
    }

    @Test
    void aKeyFrameNotNewerThanWhatWasSentIsPushedOneFrameLater() {
        for (SimStream s : new SimStream[] {s0, s2}) {
            s.report(srs, 1);
        }
        forward(s0, 0, 10, true);
        long lastOut = rw.maxTimestamp();
        // Stream 2's key frame was captured at the same instant as the last frame sent (frame 9), then earlier.
        s2.packet(9, 0, true);
        rw.switchTo(2, s2.pSeq, s2.pTs, s2.vp8, 400);
        assertTrue(rw.rewrite(s2.pSeq, s2.pTs, s2.pMarker, s2.vp8, 400));
        assertEquals((lastOut + 3000) & 0xFFFF_FFFFL, rw.outTimestamp());
        s0.packet(3, 0, true);
        rw.switchTo(0, s0.pSeq, s0.pTs, s0.vp8, 500);
        assertTrue(rw.rewrite(s0.pSeq, s0.pTs, s0.pMarker, s0.vp8, 500));
        assertEquals((lastOut + 6000) & 0xFFFF_FFFFL, rw.outTimestamp());
    }

    @Test
    void aFrameCutOffByTheSwitchLeavesOneSequenceNumberOut() {
        s0.report(srs, 1);
        s1.report(srs, 1);
        forward(s0, 0, 5, true);
        s0.packet(5, 0, false); // first packet of a frame; its second packet will not be sent
        assertTrue(rw.rewrite(s0.pSeq, s0.pTs, s0.pMarker, s0.vp8, 170));
        int cut = rw.outSequenceNumber();
        s1.packet(6, 0, true);
        rw.switchTo(1, s1.pSeq, s1.pTs, s1.vp8, 200);
        assertTrue(rw.rewrite(s1.pSeq, s1.pTs, s1.pMarker, s1.vp8, 200));
        assertEquals((cut + 2) & 0xFFFF, rw.outSequenceNumber());
    }

    @Test
    void packetsOlderThanTheSwitchPointAreRefused() {
        forward(s0, 0, 3, true);
        s2.packet(10, 0, false);
        int before = s2.pSeq;
        long beforeTs = s2.pTs;
        Vp8Descriptor old = new Vp8Descriptor();
        byte[] oldPayload = s2.payload.clone();
        old.parse(oldPayload, 0, oldPayload.length);
        s2.packet(10, 1, false);
        s2.packet(11, 0, true);
        rw.switchTo(2, s2.pSeq, s2.pTs, s2.vp8, 400);
        assertTrue(rw.rewrite(s2.pSeq, s2.pTs, s2.pMarker, s2.vp8, 400));
        assertFalse(rw.rewrite(before, beforeTs, false, old, 401), "reordered packet from before the key frame");
        assertFalse(new SimulcastRewriter(srs, 1, 1).rewrite(1, 1, true, null, 0), "nothing before a switch");
    }

    @Test
    void droppedTemporalLayerFramesLeaveNoGaps() {
        forward(s0, 0, 1, true);
        for (long f = 1; f < 200; f++) {
            boolean drop = SimStream.tidOf((int) f) == 2;
            for (int k = 0; k < s0.packetsPerFrame; k++) {
                s0.packet(f, k, false);
                if (drop) {
                    rw.drop(s0.pSeq, s0.vp8);
                    continue;
                }
                assertTrue(rw.rewrite(s0.pSeq, s0.pTs, s0.pMarker, s0.vp8, SimStream.wallMs(f)));
                int seq = rw.outSequenceNumber();
                assertEquals((lastSeq + 1) & 0xFFFF, seq);
                lastSeq = seq;
                if (k == 0) {
                    assertEquals((lastPid + 1) & 0x7FFF, rw.outPictureId(), "frame " + f);
                    lastPid = rw.outPictureId();
                    assertEquals((lastTs + 2 * SimStream.FRAME_TICKS) & 0xFFFF_FFFFL, rw.outTimestamp(),
                        "timestamps keep the real spacing");
                    lastTs = rw.outTimestamp();
                }
            }
        }
    }

    @Test
    void sevenBitPictureIdsJoinTheFifteenBitCounter() {
        SimStream narrow = new SimStream(1, 7, 5000, 120, 7, 10, 1);
        s0.report(srs, 1);
        narrow.report(srs, 1);
        forward(s0, 0, 5, true);
        // The 7-bit stream wraps 127 -> 0 a few frames after the switch; the output counter keeps counting.
        for (long f = 5; f < 300; f++) {
            boolean key = f == 5;
            narrow.packet(f, 0, key);
            if (key) {
                rw.switchTo(1, narrow.pSeq, narrow.pTs, narrow.vp8, SimStream.wallMs(f));
            }
            assertTrue(rw.rewrite(narrow.pSeq, narrow.pTs, narrow.pMarker, narrow.vp8, SimStream.wallMs(f)));
            checkContinuity(true);
            byte[] copy = narrow.payload.clone();
            rw.writeDescriptor(narrow.vp8, copy, 0);
            Vp8Descriptor out = new Vp8Descriptor();
            assertTrue(out.parse(copy, 0, copy.length));
            assertEquals(7, out.pictureIdBits());
            assertEquals(rw.outPictureId() & 0x7F, out.pictureId(), "7-bit field gets the low bits");
        }
        forward(s0, 300, 310, true); // back to 15 bits
    }

    @Test
    void streamsWithoutVp8DescriptorsStillGetSequenceAndTimestamps() {
        s0.report(srs, 1);
        s1.report(srs, 1);
        s0.packet(0, 0, true);
        rw.switchTo(0, s0.pSeq, s0.pTs, null, 0);
        assertTrue(rw.rewrite(s0.pSeq, s0.pTs, true, null, 0));
        assertEquals(-1, rw.outPictureId());
        assertEquals(-1, rw.outTl0PicIdx());
        long ts = rw.outTimestamp();
        s1.packet(1, 0, true);
        rw.switchTo(1, s1.pSeq, s1.pTs, null, 33);
        assertTrue(rw.rewrite(s1.pSeq, s1.pTs, true, null, 33));
        assertEquals((ts + 3000) & 0xFFFF_FFFFL, rw.outTimestamp());
        assertEquals(65_535, rw.outSequenceNumber());
    }
}
