package dev.chorus.media.engine;

/**
 * When a transport reports its downlink bandwidth ({@code onDownlinkBwe}, the {@code downlinkBwe} notification):
 * the first time it is asked, then whenever the desired, allocated or available bitrate moved by more than
 * {@link #CHANGE_FRACTION} since the last report (changes below {@link #MIN_CHANGE_BPS} never count), and never
 * more often than every {@link #MIN_INTERVAL_MS}. Keeps a room of many subscribers from flooding the control
 * plane with small wobbles of the estimate. Pure logic, time passed in.
 */
final class DownlinkReport {
    /** Least time between two reports, ms. */
    static final long MIN_INTERVAL_MS = 2_000;
    /** A relative change above this is significant. */
    static final double CHANGE_FRACTION = 0.15;
    /** A change smaller than this is never significant, bps. */
    static final long MIN_CHANGE_BPS = 20_000;

    private boolean reported;
    private long lastMs;
    private long desired;
    private long effective;
    private long available;

    /** True (and remembered as reported) when these values are to be reported now. */
    boolean due(long desiredBps, long effectiveBps, long availableBps, long nowMs) {
        if (reported) {
            if (nowMs >= lastMs && nowMs - lastMs < MIN_INTERVAL_MS) {
                return false;
            }
            if (!changed(desired, desiredBps) && !changed(effective, effectiveBps)
                    && !changed(available, availableBps)) {
                return false;
            }
        }
        reported = true;
        lastMs = nowMs;
        desired = desiredBps;
        effective = effectiveBps;
        available = availableBps;
        return true;
    }

    private static boolean changed(long before, long now) {
        long delta = Math.abs(now - before);
        return delta >= MIN_CHANGE_BPS && delta > CHANGE_FRACTION * Math.max(before, now);
    }
}
