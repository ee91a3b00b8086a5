package dev.chorus.media.bwe;

/**
 * The probing side of {@link BitrateAllocator}: whether the estimate dropped recently (no open-ended probing for
 * {@code backoffMs} after a drop), and the padding the last allocation suggested. Confined to the allocator's
 * thread; allocation-free.
 */
final class ProbeState {
    /** A drop of the available bitrate by more than this fraction counts as a drop for probing. */
    static final double DROP_FRACTION = 0.02;

    private final long backoffMs;
    private long lastAvailable = -1;
    private long lastDropMs = Long.MIN_VALUE;
    private boolean backedOff;
    private long probe;
    private long upgradeProbe;

    ProbeState(long backoffMs) {
        this.backoffMs = backoffMs;
    }

    /** A new allocation starts with {@code available} bps at {@code nowMs}: notes a drop, updates the back-off. */
    void onEstimate(long available, long nowMs) {
        if (lastAvailable >= 0 && available < lastAvailable * (1 - DROP_FRACTION)) {
            lastDropMs = nowMs;
        }
        lastAvailable = available;
        backedOff = lastDropMs != Long.MIN_VALUE && nowMs - lastDropMs < backoffMs;
    }

    /** The allocation's result: padding in all, and the part of it that carries pending upgrades, bps. */
    void set(long probeBps, long upgradeProbeBps) {
        probe = probeBps;
        upgradeProbe = upgradeProbeBps;
    }

    boolean backedOff() {
        return backedOff;
    }

    long probe() {
        return probe;
    }

    long upgradeProbe() {
        return upgradeProbe;
    }
}
