package dev.chorus.media.pipe;

import static dev.chorus.media.pipe.BridgeTestSupport.await;
import static dev.chorus.media.pipe.BridgeTestSupport.packet;
import static dev.chorus.media.pipe.BridgeTestSupport.sendReliably;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.pipe.BridgeTestSupport.Collector;
import dev.chorus.media.pipe.BridgeTestSupport.Msg;
import io.aeron.Aeron;
import io.aeron.Publication;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bridges talking to each other over loopback UDP through their embedded drivers. */
class AeronBridgeTest {
    private final BridgeTestSupport support = new BridgeTestSupport();

    @AfterEach
    void closeBridges() {
        support.close();
    }

    private static PipeLink connectedLink(AeronBridge from, AeronBridge to) {
        PipeLink link = from.link(to.endpoint());
        await(link::connected, from.endpoint() + " -> " + to.endpoint() + " connected");
        return link;
    }

    /** Sends {@code count} packets of sizes 1..1600 (so some span several Aeron fragments). */
    private static void sendSequence(PipeLink link, byte type, long keyBase, int count) {
        for (int seq = 0; seq < count; seq++) {
            int len = 1 + (seq * 37) % BufferPool.BUFFER_SIZE;
            sendReliably(link, type, keyBase + seq, packet(seq, len), len);
        }
    }

    private static void assertSequence(List<Msg> got, byte type, long keyBase, int count) {
        assertEquals(count, got.size());
        for (int seq = 0; seq < count; seq++) {
            Msg m = got.get(seq);
            int len = 1 + (seq * 37) % BufferPool.BUFFER_SIZE;
            assertEquals(type, m.type(), "type of #" + seq);
            assertEquals(keyBase + seq, m.key(), "key of #" + seq);
            assertArrayEquals(packet(seq, len), m.data(), "bytes of #" + seq);
        }
    }

    @Test
    void rtpFlowsOneWayInOrderAndRtcpFlowsBack() {
        Collector ra = new Collector();
        Collector rb = new Collector();
        AeronBridge a = support.start(ra);
        AeronBridge b = support.start(rb);

        PipeLink ab = connectedLink(a, b);
        sendSequence(ab, PipeFrame.RTP, 1_000_000L, 1000);
        await(() -> rb.count() >= 1000, "1000 RTP messages at B");
        assertSequence(rb.snapshot(), PipeFrame.RTP, 1_000_000L, 1000);
        assertEquals(1000, a.messagesSent());
        assertEquals(1000, b.messagesReceived());

        PipeLink ba = connectedLink(b, a);
        sendSequence(ba, PipeFrame.RTCP, -500L, 200);
        await(() -> ra.count() >= 200, "200 RTCP messages at A");
        assertSequence(ra.snapshot(), PipeFrame.RTCP, -500L, 200);
        assertEquals(0, a.malformed() + b.malformed());
        assertEquals(0, rb.pool.allocated(), "B's receive path takes every buffer from the pool");
    }

    @Test
    void threeBridgesInOneJvm() {
        Collector ra = new Collector();
        Collector rb = new Collector();
        Collector rc = new Collector();
        AeronBridge a = support.start(ra);
        AeronBridge b = support.start(rb);
        AeronBridge c = support.start(rc);

        PipeLink ab = connectedLink(a, b);
        PipeLink ac = connectedLink(a, c);
        for (int seq = 0; seq < 300; seq++) {
            byte[] p = packet(seq, 200);
            sendReliably(ab, PipeFrame.RTP, 100 + seq, p, p.length);
            sendReliably(ac, PipeFrame.RTP, 10_000 + seq, p, p.length);
        }
        await(() -> rb.count() >= 300 && rc.count() >= 300, "300 messages at B and C");
        List<Msg> atB = rb.snapshot();
        List<Msg> atC = rc.snapshot();
        for (int seq = 0; seq < 300; seq++) {
            assertEquals(100 + seq, atB.get(seq).key());
            assertEquals(10_000 + seq, atC.get(seq).key());
            assertArrayEquals(packet(seq, 200), atC.get(seq).data());
        }

        byte[] pli = packet(7, 12);
        sendReliably(connectedLink(b, a), PipeFrame.RTCP, 100, pli, pli.length);
        sendReliably(connectedLink(c, a), PipeFrame.RTCP, 10_000, pli, pli.length);
        await(() -> ra.count() >= 2, "RTCP from B and C at A");
        assertEquals(2, ra.count());
        assertTrue(ra.snapshot().stream().allMatch(m -> m.type() == PipeFrame.RTCP));
        assertEquals(2, a.messagesReceived());
    }

    @Test
    void oversizedPacketIsRefused() {
        Collector rb = new Collector();
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(rb);
        PipeLink ab = connectedLink(a, b);

        byte[] big = packet(1, BufferPool.BUFFER_SIZE + 1);
        assertFalse(ab.send(PipeFrame.RTP, 1, big, 0, big.length));
        assertEquals(1, a.sendFailures());
        sendReliably(ab, PipeFrame.RTP, 2, big, BufferPool.BUFFER_SIZE);
        await(() -> rb.count() >= 1, "the largest allowed packet at B");
        assertEquals(2, rb.snapshot().get(0).key());
        assertEquals(BufferPool.BUFFER_SIZE, rb.snapshot().get(0).data().length);
    }

    @Test
    void malformedInboundMessagesAreCountedAndDropped() {
        Collector rb = new Collector();
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(rb);

        // A plain Aeron client on A's driver, publishing raw bytes to B's subscription.
        try (Aeron raw = Aeron.connect(new Aeron.Context().aeronDirectoryName(a.aeronDirectory().getPath()));
             Publication pub = raw.addPublication("aeron:udp?endpoint=" + b.endpoint(), AeronBridge.STREAM_ID)) {
            await(pub::isConnected, "raw publication connected");
            UnsafeBuffer badType = new UnsafeBuffer(new byte[PipeFrame.HEADER + 4]);
            badType.putByte(0, (byte) 7);
            UnsafeBuffer tooShort = new UnsafeBuffer(new byte[PipeFrame.HEADER - 1]);
            tooShort.putByte(0, PipeFrame.RTP);
            UnsafeBuffer oversized = new UnsafeBuffer(new byte[PipeFrame.HEADER + BufferPool.BUFFER_SIZE + 1]);
            oversized.putByte(0, PipeFrame.RTP);
            UnsafeBuffer valid = new UnsafeBuffer(new byte[PipeFrame.HEADER + 3]);
            PipeFrame.encode(PipeFrame.RTCP, 42, new byte[] {1, 2, 3}, 0, 3, valid, 0);
            for (UnsafeBuffer frame : List.of(badType, tooShort, oversized, valid)) {
                await(() -> pub.offer(frame) > 0, "raw offer accepted");
            }
            await(() -> rb.count() >= 1, "the valid message at B");
        }
        assertEquals(3, b.malformed());
        assertEquals(1, b.messagesReceived());
        Msg m = rb.snapshot().get(0);
        assertEquals(PipeFrame.RTCP, m.type());
        assertEquals(42, m.key());
        assertArrayEquals(new byte[] {1, 2, 3}, m.data());
    }

    @Test
    void receiverExceptionDoesNotStopTheReceiveThread() {
        Collector rb = new Collector();
        rb.throwForKey = 1;
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(rb);
        PipeLink ab = connectedLink(a, b);
        byte[] p = packet(0, 50);
        for (long key = 0; key < 4; key++) {
            sendReliably(ab, PipeFrame.RTP, key, p, p.length);
        }
        await(() -> rb.count() >= 4, "all four messages at B");
        assertEquals(1, b.receiverErrors());
        assertEquals(4, b.messagesReceived());
    }

    @Test
    void sendAllocatesNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Collector rb = new Collector();
        rb.keep = false;
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(rb);
        PipeLink ab = connectedLink(a, b);
        byte[] p = packet(3, 1200);
        for (int i = 0; i < 20_000; i++) {
            sendReliably(ab, PipeFrame.RTP, i, p, p.length);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            sendReliably(ab, PipeFrame.RTP, i, p, p.length);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "10k sends allocated " + allocated + " bytes");
        await(() -> b.messagesReceived() >= 30_000, "all 30k messages at B");
        assertEquals(30_000, a.messagesSent());
    }
}
