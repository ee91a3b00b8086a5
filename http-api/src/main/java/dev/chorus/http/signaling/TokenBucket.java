package dev.chorus.http.signaling;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at {@code perSecond}, and each take spends one.
 * Time comes in as a parameter (nanoseconds of a monotonic clock). Not thread-safe: one owner.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;
    private boolean started;

    TokenBucket(double capacity, double perSecond) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
    }

    /** Spends a token if one is there; false when the bucket is empty. */
    boolean tryTake(long nowNanos) {
        if (!started) {
            started = true;
            lastNanos = nowNanos;
        } else if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
