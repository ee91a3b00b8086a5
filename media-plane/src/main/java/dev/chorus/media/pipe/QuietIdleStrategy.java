package dev.chorus.media.pipe;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * Idle strategy for a bridge's driver and receive threads. While the bridge carries messages it behaves like a
 * backoff strategy (spin, yield, then park from 1 µs doubling up to {@code maxParkNs}), bounding the latency it
 * adds. Once the bridge's message count ({@code activity}) has not moved for {@code quietAfterNs}, it parks
 * {@code quietParkNs} at a time, even right after work: an idle driver still has heartbeats and status messages to
 * handle every few tens of milliseconds, and each wake-up costs tens of microseconds on a small VM, so plain
 * 1 ms parking keeps an idle bridge at several percent of a core. Not thread-safe: one instance per thread.
 */
final class QuietIdleStrategy implements IdleStrategy {
    private static final int MAX_SPINS = 10;
    private static final int MAX_YIELDS = 5;
    private static final long MIN_PARK_NS = 1_000;

    private final LongSupplier activity;
    private final long maxParkNs;
    private final long quietAfterNs;
    private final long quietParkNs;

    private int spins;
    private int yields;
    private long parkNs = MIN_PARK_NS;
    private long lastActivity;
    private long lastActiveNs;

    QuietIdleStrategy(LongSupplier activity, long maxParkNs, long quietAfterNs, long quietParkNs) {
        this.activity = activity;
        this.maxParkNs = maxParkNs;
        this.quietAfterNs = quietAfterNs;
        this.quietParkNs = quietParkNs;
        this.lastActivity = activity.getAsLong();
        this.lastActiveNs = System.nanoTime() - quietAfterNs;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (spins < MAX_SPINS) {
            spins++;
            Thread.onSpinWait();
            return;
        }
        if (yields < MAX_YIELDS) {
            yields++;
            Thread.yield();
            return;
        }
        long now = System.nanoTime();
        long current = activity.getAsLong();
        if (current != lastActivity) {
            lastActivity = current;
            lastActiveNs = now;
        }
        if (now - lastActiveNs >= quietAfterNs) {
            LockSupport.parkNanos(quietParkNs);
        } else {
            LockSupport.parkNanos(parkNs);
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNs = MIN_PARK_NS;
    }

    @Override
    public String alias() {
        return "chorus-quiet";
    }
}
