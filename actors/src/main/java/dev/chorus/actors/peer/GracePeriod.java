package dev.chorus.actors.peer;

import java.time.Duration;

/**
 * The reconnection grace period of one peer, as a pure state machine over an injected time: when the peer's
 * connection drops without a goodbye, it may come back within {@code grace} and resume as if nothing happened;
 * after that it is cleaned up. Each drop starts a new epoch, so a timer armed for an earlier drop can never end a
 * later one; a timer that fires early (or for a stale epoch) only says how long is left.
 */
final class GracePeriod {
    private final long graceMs;
    private long deadlineMs = -1;
    private int epoch;

    GracePeriod(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must not be negative");
        }
        this.graceMs = grace.toMillis();
    }

    /** Whether drops are forgiven at all (a zero grace ends the peer at once). */
    boolean enabled() {
        return graceMs > 0;
    }

    /** The connection dropped at {@code nowMs}: returns the epoch a timer for {@link #graceMs()} should carry. */
    int start(long nowMs) {
        deadlineMs = nowMs + graceMs;
        return ++epoch;
    }

    boolean active() {
        return deadlineMs >= 0;
    }

    /** A new connection arrived: true if it resumes within the grace period (which then ends). */
    boolean resume(long nowMs) {
        boolean within = active() && nowMs < deadlineMs;
        deadlineMs = -1;
        return within;
    }

    /**
     * A timer for {@code timerEpoch} fired at {@code nowMs}: returns 0 if the peer must now be cleaned up, -1 if the
     * timer is stale (resumed, or a later drop), or the milliseconds still left (re-arm for that long).
     */
    long onTimer(int timerEpoch, long nowMs) {
        if (!active() || timerEpoch != epoch) {
            return -1;
        }
        long left = deadlineMs - nowMs;
        if (left > 0) {
            return left;
        }
        deadlineMs = -1;
        return 0;
    }

    long graceMs() {
        return graceMs;
    }

    int epoch() {
        return epoch;
    }
}
