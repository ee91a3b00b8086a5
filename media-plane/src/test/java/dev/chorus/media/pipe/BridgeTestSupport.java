package dev.chorus.media.pipe;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chorus.media.buffer.BufferPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Shared pieces of the bridge tests: started bridges that are closed afterwards, a collecting receiver, waits. */
final class BridgeTestSupport implements AutoCloseable {
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** One received message, copied out of the pooled buffer. */
    record Msg(byte type, long key, byte[] data) {
    }

    /** Copies every message, releases the pooled buffer; optionally throws for chosen keys. */
    static final class Collector implements PipeReceiver {
        final BufferPool pool = new BufferPool(512, 64);
        final List<Msg> messages = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger received = new AtomicInteger();
        volatile long throwForKey = Long.MIN_VALUE;
        /** False: only count messages (for high-volume tests). */
        volatile boolean keep = true;

        @Override
        public void onPipeMessage(byte type, long pipeKey, byte[] buf, int len) {
            if (keep) {
                messages.add(new Msg(type, pipeKey, Arrays.copyOf(buf, len)));
            }
            received.incrementAndGet();
            pool.release(buf);
            if (pipeKey == throwForKey) {
                throw new IllegalStateException("receiver failure for key " + pipeKey);
            }
        }

        int count() {
            return received.get();
        }

        List<Msg> snapshot() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }
    }

    private final List<AeronBridge> bridges = new ArrayList<>();

    /** Starts a loopback bridge on an ephemeral port. */
    AeronBridge start(Collector collector) {
        return start(AeronBridgeConfig.loopback(0), collector);
    }

    AeronBridge start(AeronBridgeConfig config, Collector collector) {
        AeronBridge bridge = new AeronBridge(config, collector.pool, collector);
        bridges.add(bridge);
        bridge.start();
        return bridge;
    }

    @Override
    public void close() {
        for (AeronBridge b : bridges) {
            b.close();
        }
    }

    /** Deterministic packet content for message {@code seq}. */
    static byte[] packet(int seq, int len) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (seq * 31 + i);
        }
        return p;
    }

    /** Polls {@code condition} every millisecond until it holds, failing after {@link #TIMEOUT_NS}. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Sends, retrying while back-pressured; allocation-free unless it times out. */
    static void sendReliably(PipeLink link, byte type, long key, byte[] buf, int len) {
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!link.send(type, key, buf, 0, len)) {
            if (System.nanoTime() - deadline > 0) {
                fail("send to " + link.endpoint() + " kept failing");
            }
            Thread.yield();
        }
    }
}
