package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The UDP receive path (receive, copy into a pooled buffer, demux, hand-off) allocates nothing per packet. */
class UdpReceiveAllocationTest {
    private static final IceCredentials CREDS = new IceCredentials("allocufrag", "alloc-password-0123456789abc");

    @Test
    void knownTupleReceivePathDoesNotAllocate() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        BufferPool pool = new BufferPool(16);
        IceDemux demux = new IceDemux();
        AtomicLong delivered = new AtomicLong();
        AtomicLong rxThread = new AtomicLong(-1);
        byte[] scratch = new byte[256];
        IceLiteAgent agent = new IceLiteAgent(CREDS, new IceLiteAgent.Listener() {
            @Override
            public void onSelectedTuple(IceTuple tuple) {
            }

            @Override
            public void onStateChange(IceState state) {
            }
        });
        IcePacketHandler handler = new IcePacketHandler() {
            @Override
            public void onPacket(IceTuple tuple, byte[] buf, int off, int len) {
                // single-threaded test handler: the agent lives on the receive thread here
                if (Stun.isStun(buf, off, len)) {
                    agent.handleStun(tuple, buf, off, len, 0, scratch);
                }
                rxThread.set(Thread.currentThread().getId());
                pool.release(buf);
                delivered.incrementAndGet();
            }

            @Override
            public void onTupleClosed(IceTuple tuple) {
            }
        };
        demux.register(agent, handler);
        try (UdpMediaEndpoint endpoint = new UdpMediaEndpoint(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), demux, pool);
             StunTestClient c = StunTestClient.udp(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()))) {
            endpoint.start();
            assertNotNull(c.exchange(new StunTestClient.Request(CREDS.ufrag(), "b", CREDS.password()), 3000));
            byte[] rtp = new byte[1200];
            rtp[0] = (byte) 0x80;
            sendAndWait(c, rtp, 2000, delivered); // warm-up (JIT, thread-local buffers)
            long before = mx.getThreadAllocatedBytes(rxThread.get());
            sendAndWait(c, rtp, 5000, delivered);
            long allocated = mx.getThreadAllocatedBytes(rxThread.get()) - before;
            assertTrue(allocated < 5000, "receive thread allocated " + allocated + " bytes for 5000 packets");
            assertEquals(0, endpoint.dropped());
        }
    }

    /** Sends in lock-step so no datagram is lost to a full socket buffer. */
    private static void sendAndWait(StunTestClient c, byte[] pkt, int count, AtomicLong delivered) throws Exception {
        for (int i = 0; i < count; i++) {
            long target = delivered.get() + 1;
            c.send(pkt);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (delivered.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("packet " + i + " not delivered");
                }
                Thread.onSpinWait();
            }
        }
    }
}
