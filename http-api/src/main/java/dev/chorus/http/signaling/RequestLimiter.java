package dev.chorus.http.signaling;

/**
 * The rate limit of one signaling connection: a request budget (a token bucket of {@code requestBurst} refilled at
 * {@code requestsPerSecond}) and, for requests over it, an allowance of refusals ({@code excessBeforeClose} per
 * {@code excessWindow}, also a bucket). A client that stays over its budget spends that allowance and is then
 * closed; one that slows down earns it back. Time is a parameter.
 */
final class RequestLimiter {
    enum Verdict { PASS, REFUSE, CLOSE }

    private final TokenBucket requests;
    private final TokenBucket excess;

    RequestLimiter(SignalingLimits limits) {
        this.requests = new TokenBucket(limits.requestBurst(), limits.requestsPerSecond());
        this.excess = new TokenBucket(limits.excessBeforeClose(),
                limits.excessBeforeClose() / (limits.excessWindow().toNanos() / 1e9));
    }

    Verdict admit(long nowNanos) {
        if (requests.tryTake(nowNanos)) {
            return Verdict.PASS;
        }
        return excess.tryTake(nowNanos) ? Verdict.REFUSE : Verdict.CLOSE;
    }
}
