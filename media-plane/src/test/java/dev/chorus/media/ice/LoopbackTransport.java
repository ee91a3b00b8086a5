package dev.chorus.media.ice;

import dev.chorus.media.buffer.BufferPool;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal stand-in for the WebRTC transport in loopback tests: one worker thread owns the agent, STUN goes to
 * {@link IceLiteAgent#handleStun} with a fake clock, everything else is copied into {@link #media}.
 */
final class LoopbackTransport implements IcePacketHandler, IceLiteAgent.Listener, AutoCloseable {
    final IceLiteAgent agent;
    final BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
    final BlockingQueue<IceTuple> closedTuples = new LinkedBlockingQueue<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-worker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong clock;
    private final BufferPool pool;
    private final byte[] scratch = new byte[256];

    LoopbackTransport(IceCredentials creds, long consentTimeoutMs, AtomicLong clock, BufferPool pool) {
        this.agent = new IceLiteAgent(creds, this, consentTimeoutMs);
        this.clock = clock;
        this.pool = pool;
    }

    @Override
    public void onPacket(IceTuple tuple, byte[] buf, int off, int len) {
        worker.execute(() -> {
            if (Stun.isStun(buf, off, len)) {
                agent.handleStun(tuple, buf, off, len, clock.get(), scratch);
                pool.release(buf);
            } else {
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                pool.release(buf);
                media.add(copy);
            }
        });
    }

    @Override
    public void onTupleClosed(IceTuple tuple) {
        worker.execute(() -> {
            agent.onTupleClosed(tuple);
            closedTuples.add(tuple);
        });
    }

    @Override
    public void onSelectedTuple(IceTuple tuple) {
        events.add("selected " + tuple.remote());
    }

    @Override
    public void onStateChange(IceState state) {
        events.add(state.name());
    }

    /** Runs {@code c} on the worker (the agent's thread) and waits for it. */
    <T> T call(Callable<T> c) throws Exception {
        return worker.submit(c).get(5, TimeUnit.SECONDS);
    }

    IceState state() throws Exception {
        return call(agent::state);
    }

    IceTuple selected() throws Exception {
        return call(agent::selectedTuple);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
