package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtp.ExtendedSeq;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpTestPackets;
import dev.chorus.media.rtp.RtpWriter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths of this package and of rtp/codec must not allocate: runs them many times after a warm-up
 * and checks the thread's allocated-bytes counter did not move.
 */
class HotPathAllocationTest {
    private static final int ROUNDS = 20_000;

    private final byte[] packet = RtpTestPackets.rtp().seq(65000).csrcs(1).oneByte(1, 1, 2, 3).oneByte(3, 9, 9, 9)
        .payload(0x90, 0x80, 0x05, 0x00, 1, 2, 3).padding(2).build();
    private final byte[] out = new byte[BufferPool.BUFFER_SIZE];
    private final RtpPacket view = new RtpPacket();
    private final RtpHeaderExtensionWriter writer = new RtpHeaderExtensionWriter();
    private final SeqNumRewriter rewriter = new SeqNumRewriter();
    private final ExtendedSeq extended = new ExtendedSeq();
    private final BufferPool pool = new BufferPool(64);
    private final RetransmissionRing ring = new RetransmissionRing(pool, 32, 1000);
    private final SentSeqMap sent = new SentSeqMap(32);
    private long checksum;

    @Test
    void perPacketPathsDoNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        rewriter.sync(64999);
        // Two warm-up passes: the first JIT transitions can allocate a few bytes once, the steady state must not.
        runRounds(0);
        runRounds(ROUNDS);
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        runRounds(2 * ROUNDS);
        long after = mx.getThreadAllocatedBytes(tid);
        assertEquals(0, after - before, "bytes allocated by " + ROUNDS + " rounds");
        assertTrue(checksum != 0);
    }

    private void runRounds(int start) {
        for (int i = start; i < start + ROUNDS; i++) {
            int seq = (65000 + i) & 0xFFFF;
            if (!view.wrap(packet, 0, packet.length)) {
                throw new AssertionError("wrap failed");
            }
            view.setSequenceNumber(seq);
            int ext = view.findExtension(3);
            checksum += view.extensionLength(ext) + view.payloadLength();
            if (KeyFrames.isKeyFrame(VideoCodec.VP8, packet, view.payloadOffset(), view.payloadLength())) {
                checksum++;
            }
            checksum += extended.update(seq);
            int outSeq;
            if ((i & 7) == 3) {
                rewriter.drop(seq);
                outSeq = -1;
            } else {
                outSeq = rewriter.input(seq);
            }
            if (outSeq >= 0) {
                int pos = RtpWriter.writeHeader(out, 0, view.marker(), 96, outSeq, view.timestamp(), 5, true, 1);
                RtpWriter.copyCsrcs(view, out, pos);
                writer.begin(out, pos + 4);
                writer.add(1, packet, view.extensionOffset(0), view.extensionLength(0));
                writer.addBytes(3, 3);
                checksum += writer.finish();
                sent.put(outSeq, seq);
                ring.store(seq, packet, 0, packet.length, i);
                checksum += ring.length(seq, i) + sent.get(outSeq);
            }
        }
    }
}
