package dev.chorus.media.bwe;

/**
 * Loss-based bound of the send-side estimator (draft-ietf-rmcat-gcc section 6), from the fraction of packets that
 * transport-cc feedback reports lost. Losses are counted over at least {@link #MIN_PACKETS} reported packets and
 * evaluated at most every {@link #EVALUATE_INTERVAL_MS}:
 * <ul>
 *   <li>loss at or above {@link #HIGH_LOSS}: the bound becomes the current estimate times
 *       {@code (1 - 0.5 * loss)};</li>
 *   <li>loss below {@link #LOW_LOSS}: an active bound grows by {@link #INCREASE_FACTOR}, at most once per
 *       {@link #INCREASE_INTERVAL_MS}; once it reaches the delay-based estimate it is lifted;</li>
 *   <li>in between: the bound stays.</li>
 * </ul>
 * The draft decreases for "more than 10%"; here exactly 10% also decreases.
 *
 * <p>Threading: the transport's media worker. Allocation-free.
 */
public final class LossBasedEstimator {
    /** No bound. */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** Loss fraction at which the bound decreases. */
    public static final double HIGH_LOSS = 0.10;
    /** Loss fraction below which the bound grows. */
    public static final double LOW_LOSS = 0.02;
    /** Growth factor of the bound. */
    public static final double INCREASE_FACTOR = 1.05;
    /** Fewest reported packets per evaluation. */
    public static final int MIN_PACKETS = 20;
    /** Shortest time between evaluations, ms. */
    public static final long EVALUATE_INTERVAL_MS = 300;
    /** Shortest time between two increases, ms. */
    public static final long INCREASE_INTERVAL_MS = 1000;

    private final long minBps;
    private long bound = UNBOUNDED;
    private int received;
    private int lost;
    private long lastEvaluationMs = Long.MIN_VALUE;
    private long lastIncreaseMs = Long.MIN_VALUE;
    private double lastLoss;

    /** @param minBps the bound never goes below this */
    public LossBasedEstimator(long minBps) {
        this.minBps = minBps;
    }

    /** Counts packets from one feedback: newly reported received, newly reported lost. */
    public void onPackets(int receivedCount, int lostCount) {
        received += receivedCount;
        lost += lostCount;
        if (lost < 0) {
            lost = 0;
        }
    }

    /**
     * Evaluates the counted packets if enough have accumulated, and returns the bound ({@link #UNBOUNDED} when
     * loss does not limit the estimate).
     *
     * @param currentBps  the current overall estimate (the base of a decrease)
     * @param delayBpsNow the current delay-based estimate (an increased bound above it is lifted)
     * @param nowMs       the worker's clock, ms
     */
    public long update(long currentBps, long delayBpsNow, long nowMs) {
        int total = received + lost;
        if (total < MIN_PACKETS
                || (lastEvaluationMs != Long.MIN_VALUE && nowMs - lastEvaluationMs < EVALUATE_INTERVAL_MS)) {
            return bound;
        }
        double loss = (double) lost / total;
        lastLoss = loss;
        received = 0;
        lost = 0;
        lastEvaluationMs = nowMs;
        if (loss >= HIGH_LOSS) {
            long base = Math.min(currentBps, bound);
            bound = Math.max(minBps, (long) (base * (1 - 0.5 * loss)));
            lastIncreaseMs = nowMs;
        } else if (loss < LOW_LOSS && bound != UNBOUNDED) {
            if (lastIncreaseMs == Long.MIN_VALUE || nowMs - lastIncreaseMs >= INCREASE_INTERVAL_MS) {
                bound = (long) (bound * INCREASE_FACTOR) + 1;
                lastIncreaseMs = nowMs;
                if (bound >= delayBpsNow) {
                    bound = UNBOUNDED;
                }
            }
        }
        return bound;
    }

    /**
     * A probe showed the path carries {@code bps}: an active bound below it rises to it (it keeps growing, or is
     * lifted, as usual from there).
     */
    public void raiseTo(long bps) {
        if (bound != UNBOUNDED && bps > bound) {
            bound = bps;
        }
    }

    /** The current bound, bps, or {@link #UNBOUNDED}. */
    public long boundBps() {
        return bound;
    }

    /** The loss fraction of the last evaluation (0..1). */
    public double lossFraction() {
        return lastLoss;
    }
}
